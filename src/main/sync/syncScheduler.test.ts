import { describe, expect, it } from 'vitest'
import type { SyncResult } from '../../shared/contract/sync'
import { createManualClock } from '../../../test/support/manualClock'
import { silentLogger } from '../base/logger'
import type { SyncEngine } from './syncEngine'
import { createSyncScheduler, type Timers } from './syncScheduler'

const counts = { synced: 0, pending: 0, failed: 0, conflicted: 0 }

function fakeTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>()
  let next = 1
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      pending.set(next, { callback, ms })
      return next++
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  }
  return {
    timers,
    delays: () => [...pending.values()].map((p) => p.ms),
    fire() {
      const entries = [...pending.entries()]
      pending.clear()
      for (const [, p] of entries) p.callback()
    },
  }
}

function fakeEngine(dueAt: () => number | null = () => null) {
  let release: () => void = () => {}
  const engine: SyncEngine & { runs: number; hold: boolean } = {
    runs: 0,
    hold: false,
    async syncOnce(): Promise<SyncResult> {
      this.runs++
      if (this.hold) await new Promise<void>((resolve) => (release = resolve))
      return {
        outcome: 'ok',
        message: null,
        started_at: '2024-01-24T09:00:00Z',
        finished_at: '2024-01-24T09:00:01Z',
        sent: 1,
        imported: 0,
        counts,
      }
    },
    syncUntilSettled() {
      throw new Error('not used')
    },
    counts: () => counts,
    retryFailed: () => 0,
    nextDueAt: dueAt,
  }
  return { engine, release: () => release() }
}

const flush = () => new Promise((resolve) => setImmediate(resolve))

describe('sync scheduler', () => {
  it('runs at start, then every interval, sooner when a retry falls due', async () => {
    const clock = createManualClock(Date.parse('2024-01-24T09:00:00Z'))
    let due: number | null = null
    const { engine } = fakeEngine(() => due)
    const t = fakeTimers()
    const results: SyncResult[] = []
    const scheduler = createSyncScheduler({
      engine,
      clock,
      logger: silentLogger,
      timers: t.timers,
      intervalMs: 300_000,
      onResult: (r) => results.push(r),
    })
    scheduler.start()
    await flush()
    expect(engine.runs).toBe(1)
    expect(results).toHaveLength(1)
    expect(t.delays()).toEqual([300_000])
    due = clock.now() + 30_000
    t.fire()
    await flush()
    expect(engine.runs).toBe(2)
    expect(t.delays()).toEqual([30_000])
  })

  it('joins a run in progress instead of starting a second one', async () => {
    const clock = createManualClock(0)
    const { engine, release } = fakeEngine()
    engine.hold = true
    const scheduler = createSyncScheduler({ engine, clock, logger: silentLogger, timers: fakeTimers().timers })
    const a = scheduler.syncNow()
    const b = scheduler.syncNow()
    expect(scheduler.running).toBe(true)
    release()
    expect(await a).toBe(await b)
    expect(engine.runs).toBe(1)
    expect(scheduler.running).toBe(false)
  })

  it('pauses while offline and syncs on reconnect', async () => {
    const clock = createManualClock(0)
    const { engine } = fakeEngine()
    const t = fakeTimers()
    const scheduler = createSyncScheduler({ engine, clock, logger: silentLogger, timers: t.timers })
    scheduler.start()
    await flush()
    scheduler.setOnline(false)
    expect(t.delays()).toEqual([])
    expect(scheduler.nextRunAt).toBeNull()
    const offline = await scheduler.syncNow()
    expect(offline.outcome).toBe('offline')
    expect(engine.runs).toBe(1)
    scheduler.setOnline(true)
    await flush()
    expect(engine.runs).toBe(2)
    expect(t.delays()).toHaveLength(1)
    await scheduler.stop()
    expect(t.delays()).toEqual([])
  })
})
