// Settings → Backups and Copy diagnostics, through the dispatcher; and the log file they read:
// rotated, and scanned for the things it must never hold (window titles, tokens).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { seedApproved } from '../../../test/support/syncFixtures'
import { createCore } from '../app/createCore'
import { createRotatingFileLog, createTeeLogger, scrubLogText } from '../base/fileLog'
import { takeBackup } from '../store/backups'

const tempDir = () => mkdtempSync(join(tmpdir(), 'billops-maint-'))
const TOKEN = 'bo_live_7fQx2LmN9pR4sT6vW8yZ1aB3cD5eF7gH'
const TITLE = 'Secret client memo.docx'

describe('backups.* and app.getDiagnostics', () => {
  it('lists verified backups and restores one by name through the shell (never by path)', async () => {
    const dir = tempDir()
    const restoreBackup = vi.fn()
    const core = createCore({
      dbPath: join(dir, 'billops.db'),
      logger: createTeeLogger([]),
      maintenance: { restoreBackup },
    })
    expect(await core.dispatch('backups.list', null)).toEqual({
      ok: true,
      value: { folder: join(dir, 'backups'), backups: [] },
    })
    const backup = await takeBackup(core.db, join(dir, 'billops.db'), 'daily')
    const listed = await core.dispatch('backups.list', null)
    expect(listed).toMatchObject({ ok: true, value: { backups: [{ kind: 'daily', created_at: backup.created_at }] } })
    const name = (listed as { value: { backups: Array<{ name: string }> } }).value.backups[0].name
    expect(await core.dispatch('backups.restore', { name: '../billops.db' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    expect(restoreBackup).not.toHaveBeenCalled()
    expect(await core.dispatch('backups.restore', { name })).toEqual({ ok: true, value: { restarting: true } })
    expect(restoreBackup).toHaveBeenCalledWith(backup.path)
    await core.close()
  })

  it('refuses to restore where no shell can restart the app (CLI, tests)', async () => {
    const core = createCore({ dbPath: join(tempDir(), 'billops.db'), logger: createTeeLogger([]) })
    expect(await core.dispatch('backups.restore', { name: 'x.db' })).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    })
    await core.close()
  })

  it('diagnostics: version, OS, capture health, sync state, the log tail; no token, no titles', async () => {
    const dir = tempDir()
    const log = createRotatingFileLog({ path: join(dir, 'logs', 'billops.log') })
    const logger = createTeeLogger([log.write])
    // A server that fails, echoing the token the way a careless proxy error would.
    const fetch = vi.fn(async () => {
      throw new Error(`connect ECONNREFUSED (Authorization: Bearer ${TOKEN}; token=${TOKEN})`)
    }) as unknown as typeof globalThis.fetch
    const core = createCore({
      dbPath: join(dir, 'billops.db'),
      logger,
      fetch,
      maintenance: {
        logTail: log.tail,
        platform: { os: 'linux', release: '6.1', arch: 'x64', runtime: 'Electron 45' },
      },
    })
    seedApproved(core.db, 3) // signals with window titles, entries queued for sync
    await core.dispatch('sync.setServer', { server_url: 'https://billops.example.com' })
    await core.dispatch('sync.setToken', { token: TOKEN })
    await core.dispatch('sync.now', null)
    logger.error('a handler failed', `request failed: Bearer ${TOKEN}`)
    const reply = await core.dispatch('app.getDiagnostics', null)
    expect(reply.ok).toBe(true)
    const text = (reply as { value: { text: string } }).value.text
    expect(text).toContain(`BillOps Tracker ${core.version}`)
    expect(text).toContain('OS: linux 6.1 (x64); Electron 45')
    expect(text).toMatch(/Capture health:\n(  \w+: \w+.*\n)*  store: ok/)
    expect(text).toMatch(/Sync: \{.*"token_set":true/)
    expect(text).toMatch(/Log \(last \d+ lines\):/)
    expect(text).toContain('a handler failed')
    await core.close()
    const logged = readFileSync(log.path, 'utf8')
    expect(logged.length).toBeGreaterThan(0)
    for (const secret of [TOKEN, TITLE]) {
      expect(logged).not.toContain(secret)
      expect(text).not.toContain(secret)
    }
  })
})

describe('the log file', () => {
  it('rotates at the size limit and keeps a few files', () => {
    const dir = tempDir()
    const log = createRotatingFileLog({ path: join(dir, 'billops.log'), maxBytes: 1000, keep: 2 })
    for (let i = 0; i < 100; i++) log.write(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`)
    expect(readdirSync(dir).sort()).toEqual(['billops.log', 'billops.log.1', 'billops.log.2'])
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name)).length).toBeLessThanOrEqual(1000)
    expect(log.tail(3).map((l) => l.slice(0, 8))).toEqual(['line 097', 'line 098', 'line 099'])
    expect(log.tail(30)).toHaveLength(30)
    expect(existsSync(join(dir, 'billops.log.3'))).toBe(false)
  })

  it('scrubs credentials and long opaque strings but keeps ids and file names', () => {
    expect(scrubLogText(`Authorization: Bearer ${TOKEN}`)).toBe('Authorization: Bearer [redacted]')
    expect(scrubLogText(`GET /x?token=${TOKEN}&a=1`)).toBe('GET /x?token=[redacted]&a=1')
    expect(scrubLogText(`{"api_key":"${TOKEN}"}`)).toBe('{"api_key":"[redacted]"}')
    expect(scrubLogText('key 0123456789abcdef0123456789abcdef01')).toBe('key [redacted]')
    const kept = 'entry 3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e in billops-2026-12-01T19-20-00-000Z-daily.db'
    expect(scrubLogText(kept)).toBe(kept)
  })
})
