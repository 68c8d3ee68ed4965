// The sync.* contract methods through the composition root, as the renderer reaches them.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../tools/reference-server/server'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import type { SecretStore } from '../base/secretStore'
import { createMemorySecretStore } from '../base/secretStore'
import { seedApproved, tempDir } from '../../../test/support/syncFixtures'

describe('sync capability in the core', () => {
  let server: ReferenceServer
  let core: Core
  let tmp: ReturnType<typeof tempDir>
  const events: string[] = []

  const boot = (secretStore: SecretStore = createMemorySecretStore(), fetchImpl: typeof fetch = fetch) => {
    core = createCore({ dbPath: join(tmp.dir, 'app.sqlite'), logger: silentLogger, secretStore, fetch: fetchImpl })
    core.events.onAny((name) => events.push(name))
  }
  beforeEach(async () => {
    tmp = tempDir()
    server = await startReferenceServer({ port: 0 })
    events.length = 0
  })
  afterEach(async () => {
    await core.close()
    await server.close()
    tmp.cleanup()
  })

  it('refuses a plain-http server that is not this machine', async () => {
    boot()
    const result = await core.dispatch('sync.setServer', { server_url: 'http://billops.example.com' })
    expect(result).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('https') } })
    expect(core.settings.get().server_url).toBeNull()
  })

  it('reports what is missing, then syncs with progress and result events', async () => {
    boot()
    seedApproved(core.db, 3)
    const unconfigured = await core.dispatch('sync.now', null)
    expect(unconfigured).toMatchObject({ ok: true, value: { outcome: 'not_configured' } })
    await core.dispatch('sync.setServer', { server_url: server.url })
    expect(await core.dispatch('sync.now', null)).toMatchObject({
      ok: true,
      value: { outcome: 'auth_required', message: expect.stringContaining('no BillOps token is set') },
    })

    const status = await core.dispatch('sync.setToken', { token: 'dev-token-alice' })
    expect(status).toMatchObject({
      ok: true,
      value: { token_set: true, secret_backend: 'memory', counts: { pending: 3 } },
    })
    // the token never comes back out
    expect(JSON.stringify(status)).not.toContain('dev-token-alice')

    const result = await core.dispatch('sync.now', null)
    expect(result).toMatchObject({ ok: true, value: { outcome: 'ok', sent: 3, counts: { synced: 3, pending: 0 } } })
    expect(events).toEqual(expect.arrayContaining(['sync.progress', 'sync.result', 'review.changed']))
    expect(await core.dispatch('sync.getStatus', null)).toMatchObject({
      ok: true,
      value: { last_result: { outcome: 'ok' }, online: true, running: false },
    })
    expect(server.store.allEntries('alice').filter((e) => e.status === 'approved')).toHaveLength(3)
  })

  it('warns when the token can only be stored without encryption', async () => {
    boot({ ...createMemorySecretStore(), backend: () => 'plaintext_fallback' })
    expect(await core.dispatch('sync.getStatus', null)).toMatchObject({
      ok: true,
      value: { secret_backend: 'plaintext_fallback', secret_warning: expect.stringContaining('keyring') },
    })
  })

  it('keeps the token with the server it was set for: a new origin needs its own token', async () => {
    const sent: { origin: string; authorization: string | null }[] = []
    const recording: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input))
      sent.push({ origin: url.origin, authorization: new Headers(init?.headers).get('authorization') })
      return fetch(input, init)
    }
    boot(createMemorySecretStore(), recording)
    seedApproved(core.db, 1)
    await core.dispatch('sync.setServer', { server_url: server.url })
    await core.dispatch('sync.setToken', { token: 'dev-token-alice' })
    expect(await core.dispatch('sync.now', null)).toMatchObject({ ok: true, value: { outcome: 'ok' } })

    await core.dispatch('sync.setServer', { server_url: 'https://elsewhere.example' })
    expect(await core.dispatch('sync.getStatus', null)).toMatchObject({
      ok: true,
      value: { server_url: 'https://elsewhere.example', token_set: false },
    })
    const result = await core.dispatch('sync.now', null)
    expect(result).toMatchObject({
      ok: true,
      value: { outcome: 'auth_required', message: expect.stringContaining('https://elsewhere.example') },
    })
    expect(sent.filter((request) => request.origin === 'https://elsewhere.example')).toEqual([])
    expect(sent.every((request) => request.origin === new URL(server.url).origin)).toBe(true)

    // back to the first server: its token is still there
    await core.dispatch('sync.setServer', { server_url: server.url })
    expect(await core.dispatch('sync.getStatus', null)).toMatchObject({ ok: true, value: { token_set: true } })
  })

  it('moves the one token of an older version to the server configured at start, and nowhere else', async () => {
    boot()
    await core.dispatch('sync.setServer', { server_url: server.url })
    await core.close()
    const secrets = createMemorySecretStore({ billops_token: 'dev-token-alice' })
    boot(secrets)
    expect(await core.dispatch('sync.getStatus', null)).toMatchObject({ ok: true, value: { token_set: true } })
    expect(await secrets.get('billops_token')).toBeNull()
    await core.dispatch('sync.setServer', { server_url: 'https://elsewhere.example' })
    expect(await core.dispatch('sync.getStatus', null)).toMatchObject({ ok: true, value: { token_set: false } })
    expect(await core.dispatch('sync.setToken', { token: 'other' })).toMatchObject({
      ok: true,
      value: { token_set: true },
    })
  })
})
