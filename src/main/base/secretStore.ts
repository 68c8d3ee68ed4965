// Secrets (the BillOps token, calendar subscription URLs) live behind this interface: Electron's
// safeStorage in the app, the environment (token) and a 0600 file (calendar URLs) in the CLI,
// memory in tests. `backend` lets the UI warn when encryption is not real (Linux basic_text).
import { existsSync, readFileSync } from 'node:fs'
import { z } from 'zod'
import { writePrivateFile } from './privateFile'

export interface SecretStore {
  get(name: string): Promise<string | null>
  set(name: string, value: string): Promise<void>
  delete(name: string): Promise<void>
  backend(): 'os_encrypted' | 'plaintext_fallback' | 'environment' | 'memory'
}

export function createMemorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const values = new Map(Object.entries(initial))
  return {
    get: async (name) => values.get(name) ?? null,
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => void values.delete(name),
    backend: () => 'memory',
  }
}

/**
 * The CLI reads the token from BILLOPS_TOKEN, never from argv (argv is visible to `ps`). It is the
 * token of the server named on the same command line, whatever its origin (`billops_token@<origin>`).
 */
export function createEnvSecretStore(env: NodeJS.ProcessEnv): SecretStore {
  return {
    get: async (name) => (name.startsWith('billops_token@') ? (env.BILLOPS_TOKEN ?? null) : null),
    set: async () => {
      throw new Error('the CLI cannot store secrets; set BILLOPS_TOKEN in the environment')
    },
    delete: async () => {},
    backend: () => 'environment',
  }
}

/**
 * The CLI's own store for what it must keep between runs (calendar subscription URLs): a JSON
 * file beside the database, 0600, not encrypted (no OS keyring outside the app), so reported as
 * 'plaintext_fallback'. The app's safeStorage secrets are not readable here, nor these there.
 */
export function createFileSecretStore(filePath: string): SecretStore {
  const read = (): Record<string, string> => {
    if (!existsSync(filePath)) return {}
    const parsed = z.record(z.string(), z.string()).safeParse(JSON.parse(readFileSync(filePath, 'utf8')))
    if (!parsed.success) throw new Error(`the secret file ${filePath} is not in the expected format`)
    return parsed.data
  }
  return {
    get: async (name) => read()[name] ?? null,
    set: async (name, value) => writePrivateFile(filePath, JSON.stringify({ ...read(), [name]: value })),
    delete: async (name) => {
      const { [name]: removed, ...rest } = read()
      if (removed !== undefined) writePrivateFile(filePath, JSON.stringify(rest))
    },
    backend: () => 'plaintext_fallback',
  }
}
