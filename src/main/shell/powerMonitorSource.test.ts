import { powerMonitor } from 'electron'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  return { powerMonitor: Object.assign(new EventEmitter(), { getSystemIdleTime: vi.fn(() => 0) }) }
})
const power = powerMonitor
const setIdleSeconds = (seconds: number) => vi.mocked(powerMonitor.getSystemIdleTime).mockReturnValue(seconds)

import { createManualClock } from '../core/clock'
import { createCore, type Core } from '../core/createCore'
import { silentLogger } from '../core/logger'
import { listSignals } from '../store/signalRepository'
import { createFakeInput, createFakeWindow } from '../capture/testing/fakeSources'
import { createPowerMonitorSource } from './powerMonitorSource'

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

function setup(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}) {
  dir = mkdtempSync(join(tmpdir(), 'power-'))
  const clock = createManualClock(Date.parse('2026-03-02T09:00:00Z'))
  const input = createFakeInput()
  core = createCore({
    dbPath: join(dir, 'db.sqlite'),
    clock,
    logger: silentLogger,
    captureSources: { input, window: createFakeWindow({ owner: 'code', title: null }), system: createPowerMonitorSource({ platform, env }) },
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
    expect(listSignals(core.db).filter((r) => r.app === 'system').map((r) => r.type)).toEqual(['lock', 'unlock', 'suspend', 'resume', 'shutdown'])
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
    expect(listSignals(core.db).filter((r) => r.app === 'system').map((r) => r.type)).toEqual(['idle_start', 'idle_end'])
  })

  it('shows Wayland as degraded and does not trust its idle time', async () => {
    const { core } = setup('linux', { XDG_SESSION_TYPE: 'wayland' })
    core.capture.start()
    await settle()
    expect(core.health.get('system')).toMatchObject({ state: 'degraded', reason: expect.stringContaining('Wayland session') })
    expect(createPowerMonitorSource({ platform: 'linux', env: { XDG_SESSION_TYPE: 'wayland' } }).idleSeconds()).toBeNull()
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
