// Runs sync in the background: every few minutes, sooner when a retry falls due, at once on
// "Sync now" and on reconnect; paused while offline. One run at a time: asking while a run is
// in progress joins it instead of starting a second one.
import type { SyncResult } from '../../shared/contract/sync'
import type { Clock } from '../base/clock'
import type { Logger } from '../base/logger'
import type { SyncEngine } from './syncEngine'
import { errorMessage } from '../../shared/errorMessage'
import { isoSeconds } from '../../shared/isoTime'

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms)
    handle.unref?.()
    return handle
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export interface SyncSchedulerOptions {
  engine: SyncEngine
  clock: Clock
  logger: Logger
  /** the regular background interval (default 5 minutes) */
  intervalMs?: number
  /** never wake up more often than this for a retry (default 5 s) */
  minDelayMs?: number
  timers?: Timers
  onResult?: (result: SyncResult) => void
  onStateChange?: () => void
}

export interface SyncScheduler {
  start(): void
  /** stops the background timer; resolves when a run in progress has finished */
  stop(): Promise<void>
  /** run now (or join the run in progress) */
  syncNow(): Promise<SyncResult>
  setOnline(online: boolean): void
  readonly online: boolean
  readonly running: boolean
  readonly nextRunAt: number | null
  readonly lastResult: SyncResult | null
}

export function createSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const { engine, clock, logger } = options
  const intervalMs = options.intervalMs ?? 5 * 60_000
  const minDelayMs = options.minDelayMs ?? 5_000
  const timers = options.timers ?? realTimers
  let started = false
  let online = true
  let current: Promise<SyncResult> | null = null
  let timer: unknown = null
  let nextRunAt: number | null = null
  let lastResult: SyncResult | null = null

  function schedule(): void {
    if (timer !== null) timers.clearTimeout(timer)
    timer = null
    nextRunAt = null
    if (!started || !online) return
    const due = engine.nextDueAt()
    const now = clock.now()
    const delay = due === null ? intervalMs : Math.min(intervalMs, Math.max(minDelayMs, due - now))
    nextRunAt = now + delay
    timer = timers.setTimeout(() => {
      timer = null
      void run()
    }, delay)
    options.onStateChange?.()
  }

  function offlineResult(): SyncResult {
    const now = isoSeconds(clock.now())
    return {
      outcome: 'offline',
      message: 'offline: sync resumes when the connection is back',
      started_at: now,
      finished_at: now,
      sent: 0,
      imported: 0,
      counts: engine.counts(),
    }
  }

  function run(): Promise<SyncResult> {
    if (current) return current
    if (!online) return Promise.resolve(offlineResult())
    current = (async () => {
      options.onStateChange?.()
      let result: SyncResult
      try {
        result = await engine.syncOnce()
      } catch (error) {
        // syncOnce isolates items; reaching here is a bug or a broken database: show it.
        const message = errorMessage(error)
        logger.error('sync run failed', message)
        const now = isoSeconds(clock.now())
        result = {
          outcome: 'failed',
          message,
          started_at: now,
          finished_at: now,
          sent: 0,
          imported: 0,
          counts: engine.counts(),
        }
      }
      lastResult = result
      current = null
      options.onResult?.(result)
      schedule()
      return result
    })()
    return current
  }

  return {
    start() {
      if (started) return
      started = true
      void run()
    },
    async stop() {
      started = false
      if (timer !== null) timers.clearTimeout(timer)
      timer = null
      nextRunAt = null
      if (current) await current
    },
    syncNow: run,
    setOnline(next) {
      if (next === online) return
      online = next
      if (online && started) void run()
      else schedule()
      options.onStateChange?.()
    },
    get online() {
      return online
    },
    get running() {
      return current !== null
    },
    get nextRunAt() {
      return nextRunAt
    },
    get lastResult() {
      return lastResult
    },
  }
}
