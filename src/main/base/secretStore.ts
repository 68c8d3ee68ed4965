// Tokens live behind this interface: Electron's safeStorage in the app, the environment in the
// CLI, memory in tests. `backend` lets the UI warn when encryption is not real (Linux basic_text).
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
