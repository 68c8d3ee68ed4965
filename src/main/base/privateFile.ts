// A file only its owner may read (0600), replaced whole: write-then-rename, so a crash never
// leaves half a secret file behind. Used by the secret stores.
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export function writePrivateFile(filePath: string, text: string): void {
  mkdirSync(dirname(filePath), { recursive: true })
  const temporary = `${filePath}.tmp`
  writeFileSync(temporary, text, { mode: 0o600 })
  chmodSync(temporary, 0o600)
  renameSync(temporary, filePath)
}
