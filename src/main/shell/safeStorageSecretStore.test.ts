import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { tempDir } from '../../../test/support/syncFixtures'

// A stand-in for Electron's safeStorage: "encrypts" by reversing and tagging, so a test can tell
// that what reached the disk is not the token.
const storage = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret',
  isEncryptionAvailable() {
    return this.available
  },
  getSelectedStorageBackend() {
    return this.backend
  },
  encryptString: (plain: string) => Buffer.from(`enc:${[...plain].reverse().join('')}`),
  decryptString: (blob: Buffer) => {
    const text = blob.toString()
    if (!text.startsWith('enc:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    return [...text.slice(4)].reverse().join('')
  },
}))
vi.mock('electron', () => ({ safeStorage: storage }))

const { createSafeStorageSecretStore } = await import('./safeStorageSecretStore')

describe('safeStorage secret store', () => {
  let tmp: ReturnType<typeof tempDir>
  let filePath: string
  beforeEach(() => {
    tmp = tempDir('billops-secrets-')
    filePath = join(tmp.dir, 'secrets.json')
    storage.available = true
    storage.backend = 'gnome_libsecret'
  })
  afterEach(() => tmp.cleanup())

  it('stores the token encrypted in a file only the user can read, and reads it back', async () => {
    const store = createSafeStorageSecretStore({ filePath, platform: 'linux' })
    await store.set('billops_token', 'tok-123')
    expect(readFileSync(filePath, 'utf8')).not.toContain('tok-123')
    expect(statSync(filePath).mode & 0o777).toBe(0o600)
    expect(await createSafeStorageSecretStore({ filePath, platform: 'linux' }).get('billops_token')).toBe('tok-123')
    expect(store.backend()).toBe('os_encrypted')
    await store.delete('billops_token')
    expect(await store.get('billops_token')).toBeNull()
  })

  it('reports the Linux basic_text fallback as plaintext', () => {
    storage.backend = 'basic_text'
    expect(createSafeStorageSecretStore({ filePath, platform: 'linux' }).backend()).toBe('plaintext_fallback')
    // the backend name only exists on Linux
    expect(createSafeStorageSecretStore({ filePath, platform: 'darwin' }).backend()).toBe('os_encrypted')
  })

  it('refuses to store when encryption is unavailable, and says why', async () => {
    storage.available = false
    const store = createSafeStorageSecretStore({ filePath, platform: 'linux' })
    expect(store.backend()).toBe('plaintext_fallback')
    await expect(store.set('billops_token', 'tok')).rejects.toThrow(/encryption is not available/)
  })

  it('explains an unreadable secret instead of pretending there is none', async () => {
    writeFileSync(
      filePath,
      JSON.stringify({ version: 1, secrets: { billops_token: Buffer.from('garbage').toString('base64') } }),
    )
    await expect(createSafeStorageSecretStore({ filePath, platform: 'linux' }).get('billops_token')).rejects.toThrow(
      /set it again/,
    )
    writeFileSync(filePath, '{not json')
    await expect(createSafeStorageSecretStore({ filePath, platform: 'linux' }).get('billops_token')).rejects.toThrow(
      /damaged/,
    )
  })
})
