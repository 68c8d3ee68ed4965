// SecretStore over Electron's safeStorage (Keychain, DPAPI, libsecret/KWallet). The encrypted
// blobs live in one JSON file (0600) under userData. On Linux without a keyring Electron falls
// back to `basic_text` (a hard-coded key): that is reported as 'plaintext_fallback' so the UI
// can tell the user their token is not really protected.
import { safeStorage } from 'electron'
import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { writePrivateFile } from '../base/privateFile'
import type { SecretStore } from '../base/secretStore'

export type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: () => string
}

export interface SafeStorageSecretStoreOptions {
  /** e.g. join(app.getPath('userData'), 'secrets.json') */
  filePath: string
  platform?: NodeJS.Platform
  /** defaults to Electron's safeStorage */
  storage?: SafeStorageLike
}

const SecretFile = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) })
type SecretFile = z.infer<typeof SecretFile>

export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SecretStoreError'
  }
}

export function createSafeStorageSecretStore(options: SafeStorageSecretStoreOptions): SecretStore {
  const storage = options.storage ?? safeStorage
  const platform = options.platform ?? process.platform

  function usesPlainTextKey(): boolean {
    if (platform !== 'linux') return false
    const backend = storage.getSelectedStorageBackend?.()
    return backend === 'basic_text' || backend === 'unknown'
  }

  function read(): SecretFile {
    if (!existsSync(options.filePath)) return { version: 1, secrets: {} }
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(options.filePath, 'utf8'))
    } catch {
      throw new SecretStoreError(`the secret file ${options.filePath} is damaged; set the token again`)
    }
    const parsed = SecretFile.safeParse(raw)
    if (!parsed.success)
      throw new SecretStoreError(
        `the secret file ${options.filePath} is not in the expected format; set the token again`,
      )
    return parsed.data
  }

  const write = (file: SecretFile) => writePrivateFile(options.filePath, JSON.stringify(file))

  return {
    async get(name) {
      const blob = read().secrets[name]
      if (blob === undefined) return null
      if (!storage.isEncryptionAvailable())
        throw new SecretStoreError('the system keyring is not available, so the stored BillOps token cannot be read')
      try {
        return storage.decryptString(Buffer.from(blob, 'base64'))
      } catch {
        throw new SecretStoreError('the stored BillOps token cannot be decrypted (the keyring changed); set it again')
      }
    },
    async set(name, value) {
      if (!storage.isEncryptionAvailable()) {
        throw new SecretStoreError(
          'encryption is not available on this system (no keyring, or the app is not ready yet); the token was not stored',
        )
      }
      const file = read()
      file.secrets[name] = storage.encryptString(value).toString('base64')
      write(file)
    },
    async delete(name) {
      const file = read()
      if (!(name in file.secrets)) return
      delete file.secrets[name]
      write(file)
    },
    backend: () => (storage.isEncryptionAvailable() && !usesPlainTextKey() ? 'os_encrypted' : 'plaintext_fallback'),
  }
}
