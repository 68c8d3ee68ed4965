import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createApiClient } from '../../shared/contract/client'
import { createManualClock } from '../../../test/support/manualClock'
import { createCore } from './createCore'
import { silentLogger } from '../base/logger'

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'billops-core-')), 'billops.db')

describe('createCore', () => {
  it("owns every feature's background work: the app starts them all, close stops them", async () => {
    const core = createCore({ dbPath: tempDb(), logger: silentLogger, dailyBackups: true, reportWarmUpDelayMs: 60_000 })
    expect(core.services.names).toEqual(['capture', 'suggest', 'sync', 'calendar', 'backups', 'report-warm-up'])
    core.services.start()
    expect(core.services.running()).toEqual(core.services.names)
    expect(core.capture.status().running).toBe(true)
    await core.close()
    expect(core.services.running()).toEqual([])
    expect(core.capture.status().running).toBe(false)
  })

  it('answers app.getStatus through the dispatcher with the contract shape', async () => {
    const core = createCore({ dbPath: tempDb(), logger: silentLogger })
    const result = await core.dispatch('app.getStatus', null)
    expect(result).toMatchObject({
      ok: true,
      value: { version: core.version, tracking: { mode: 'active' }, pending_count: 0 },
    })
    await core.close()
  })

  it('rejects unknown methods and invalid input without calling a handler', async () => {
    const core = createCore({ dbPath: tempDb(), logger: silentLogger })
    expect(await core.dispatch('nope', null)).toMatchObject({ ok: false, error: { code: 'unknown_method' } })
    expect(await core.dispatch('tracking.pause', { minutes: 'soon' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect(await core.dispatch('settings.update', { idle_threshold_minutes: -1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect(core.tracking.isPaused()).toBe(false)
    expect(core.settings.get().idle_threshold_minutes).toBe(5)
    await core.close()
  })

  it('a timed pause ends by itself, survives a restart, and status events report it', async () => {
    const dbPath = tempDb()
    const clock = createManualClock(Date.parse('2026-01-05T09:00:00Z'))
    const core = createCore({ dbPath, clock, logger: silentLogger })
    const seen: string[] = []
    core.events.on('status.changed', (s) => seen.push(s.tracking.mode))
    const client = createApiClient({ invoke: (m, i) => core.dispatch(m, i), subscribe: () => () => {} })
    expect(await client.call('tracking.pause', { minutes: 15 })).toEqual({
      mode: 'paused',
      paused_until: '2026-01-05T09:15:00Z',
    })
    expect(seen).toEqual(['paused'])
    await core.close()

    const again = createCore({ dbPath, clock, logger: silentLogger })
    expect(again.tracking.state().mode).toBe('paused')
    clock.advance(15 * 60_000)
    expect(again.tracking.state()).toEqual({ mode: 'active', paused_until: null })
    await again.close()
  })

  it('keeps settings across restarts', async () => {
    const dbPath = tempDb()
    const core = createCore({ dbPath, logger: silentLogger })
    await core.dispatch('settings.update', { idle_threshold_minutes: 7, billing_increment_minutes: 6 })
    await core.close()
    const again = createCore({ dbPath, logger: silentLogger })
    expect(again.settings.get()).toMatchObject({
      idle_threshold_minutes: 7,
      billing_increment_minutes: 6,
      max_merge_idle_minutes: 10,
    })
    await again.close()
  })

  it('survives corrupt settings: keeps the valid fields, shows the problem, preserves the original', async () => {
    const dbPath = tempDb()
    await createCore({ dbPath, logger: silentLogger }).close()
    const raw = new BetterSqlite3(dbPath)
    raw
      .prepare("INSERT INTO settings (key, value) VALUES ('settings', ?)")
      .run(JSON.stringify({ idle_threshold_minutes: 9, max_merge_idle_minutes: 'lots' }))
    raw.close()
    const core = createCore({ dbPath, logger: silentLogger })
    expect(core.settings.get()).toMatchObject({ idle_threshold_minutes: 9, max_merge_idle_minutes: 10 })
    expect(core.health.get('store')).toMatchObject({
      state: 'degraded',
      reason: expect.stringContaining('max_merge_idle_minutes'),
    })
    const kept = core.db.prepare("SELECT value FROM settings WHERE key LIKE 'settings.corrupt.%'").get() as {
      value: string
    }
    expect(JSON.parse(kept.value)).toMatchObject({ max_merge_idle_minutes: 'lots' })
    await core.close()
  })

  it('survives settings that are not JSON at all', async () => {
    const dbPath = tempDb()
    await createCore({ dbPath, logger: silentLogger }).close()
    const raw = new BetterSqlite3(dbPath)
    raw.prepare("INSERT INTO settings (key, value) VALUES ('settings', '{not json')").run()
    raw.close()
    const core = createCore({ dbPath, logger: silentLogger })
    expect(core.settings.get().idle_threshold_minutes).toBe(5)
    expect(core.status().capture_health.find((h) => h.source === 'store')?.state).toBe('degraded')
    await core.close()
  })

  it('refuses a database from a newer version of the app instead of damaging it', async () => {
    const dbPath = tempDb()
    await createCore({ dbPath, logger: silentLogger }).close()
    const raw = new BetterSqlite3(dbPath)
    raw.pragma('user_version = 999')
    raw.close()
    expect(() => createCore({ dbPath, logger: silentLogger })).toThrow(/newer than this app understands/)
  })
})

describe('private mode', () => {
  it('shows as its own tracking mode until turned off; a pause still wins', async () => {
    const core = createCore({ dbPath: tempDb(), logger: silentLogger })
    expect(await core.dispatch('capture.setPrivateMode', { enabled: true })).toMatchObject({ ok: true })
    expect(core.status().tracking.mode).toBe('private')
    core.tracking.pause(null)
    expect(core.status().tracking.mode).toBe('paused')
    core.tracking.resume()
    await core.dispatch('capture.setPrivateMode', { enabled: false })
    expect(core.status().tracking.mode).toBe('active')
    await core.close()
  })
})
