import { powerMonitor } from 'electron'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  return {
    powerMonitor: Object.assign(new EventEmitter(), {
      getSystemIdleTime: vi.fn(() => 0),
      getSystemIdleState: vi.fn(() => 'active'),
    }),
  }
})
const power = powerMonitor
const setIdleSeconds = (seconds: number) => vi.mocked(powerMonitor.getSystemIdleTime).mockReturnValue(seconds)

import { createManualClock } from '../../../test/support/manualClock'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { listSignals } from '../../../test/support/signalRows'
import { createFakeInput, createFakeWindow } from '../../../test/support/fakeSources'
import { createPowerMonitorSource, LINUX_LOCK_POLL_MS } from './powerMonitorSource'

let core: Core | null = null
let dir: string | null = null
afterEach(async () => {
  vi.useRealTimers()
  await core?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  core = null
  dir = null
  power.removeAllListeners()
})

const T0 = Date.parse('2026-03-02T09:00:00Z') / 1000

function setup(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}) {
  dir = mkdtempSync(join(tmpdir(), 'power-'))
  const clock = createManualClock(T0 * 1000)
  const input = createFakeInput()
  core = createCore({
    dbPath: join(dir, 'db.sqlite'),
    clock,
    logger: silentLogger,
    captureSources: {
      input,
      window: createFakeWindow({ owner: 'code', title: null }),
      system: createPowerMonitorSource({ platform, env }),
    },
  })
  return { core, clock, input }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

describe('powerMonitor system-state source', () => {
  it('records lock, unlock, suspend, resume and shutdown as signals, written at once', async () => {
    const { core, clock, input } = setup('darwin')
    core.capture.start()
    await settle()
    input.emit('keyboard', 2)
    for (const event of ['lock-screen', 'unlock-screen', 'suspend', 'resume', 'shutdown']) {
      clock.advance(1_000)
      power.emit(event)
    }
    // no explicit flush: each boundary writes immediately
    expect(
      listSignals(core.db)
        .filter((r) => r.app === 'system')
        .map((r) => r.type),
    ).toEqual(['lock', 'unlock', 'suspend', 'resume', 'shutdown'])
    expect(core.health.get('system')).toEqual({ source: 'system', state: 'ok', reason: null })
  })

  it('uses the system idle time for idle detection', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] })
    const { core, input } = setup('win32')
    core.capture.start()
    await vi.advanceTimersByTimeAsync(0)
    input.emit('keyboard')
    setIdleSeconds(6 * 60)
    await vi.advanceTimersByTimeAsync(5_020) // idle is checked with every flush (20 ms into a second)
    setIdleSeconds(0)
    await vi.advanceTimersByTimeAsync(5_020)
    core.capture.flush()
    expect(
      listSignals(core.db)
        .filter((r) => r.app === 'system')
        .map((r) => r.type),
    ).toEqual(['idle_start', 'idle_end'])
  })

  it('sees a screen lock on Linux through the polled idle state, where Electron emits no lock events', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] })
    const { core, clock, input } = setup('linux', { DISPLAY: ':1' })
    const state = vi.mocked(powerMonitor.getSystemIdleState)
    core.capture.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(core.health.get('system')).toEqual({ source: 'system', state: 'ok', reason: null })
    input.emit('keyboard', 2)
    clock.advance(3_000)
    state.mockReturnValue('locked')
    await vi.advanceTimersByTimeAsync(LINUX_LOCK_POLL_MS)
    await vi.advanceTimersByTimeAsync(LINUX_LOCK_POLL_MS) // still locked: one lock signal
    clock.advance(600_000)
    state.mockReturnValue('unknown') // no answer is not an unlock
    await vi.advanceTimersByTimeAsync(LINUX_LOCK_POLL_MS)
    state.mockReturnValue('idle')
    await vi.advanceTimersByTimeAsync(LINUX_LOCK_POLL_MS)
    expect(
      listSignals(core.db)
        .filter((r) => r.app === 'system')
        .map((r) => [r.ts - T0, r.type]),
    ).toEqual([
      [3, 'lock'],
      [603, 'unlock'],
    ])
    await core.capture.stop()
    state.mockReturnValue('locked')
    await vi.advanceTimersByTimeAsync(LINUX_LOCK_POLL_MS)
    expect(listSignals(core.db).filter((r) => r.type === 'lock')).toHaveLength(1)
  })

  it('shows Wayland as degraded and does not trust its idle time', async () => {
    const { core } = setup('linux', { XDG_SESSION_TYPE: 'wayland' })
    core.capture.start()
    await settle()
    expect(core.health.get('system')).toMatchObject({
      state: 'degraded',
      reason: expect.stringContaining('Wayland session'),
    })
    expect(
      createPowerMonitorSource({ platform: 'linux', env: { XDG_SESSION_TYPE: 'wayland' } }).idleSeconds(),
    ).toBeNull()
  })

  it('stops listening when capture stops', async () => {
    const { core } = setup('darwin')
    core.capture.start()
    await settle()
    expect(power.listenerCount('suspend')).toBe(1)
    await core.capture.stop()
    expect(power.listenerCount('suspend')).toBe(0)
  })
})
