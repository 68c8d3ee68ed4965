// The store side of capture: moves buffered signals to SQLite in one transaction, keeps them in
// memory (bounded, see SignalBuffer) and shows the store as degraded while writes fail, and
// deletes raw signals past retention. Split from the capture service, which decides what is
// recorded; this decides only when and how it reaches disk.
import { type Clock } from '../base/clock'
import type { HealthRegistry } from '../base/healthRegistry'
import type { Logger } from '../base/logger'
import { errorMessage } from '../../shared/errorMessage'
import type { WritableDB } from '../store/database'
import { checkpointSoon, pruneSignals, upsertSignals } from '../store/signals'
import type { SignalBuffer } from './signalBuffer'
import { isoSeconds } from '../../shared/isoTime'

/** a flush this large leaves the WAL checkpoint to the next tick instead of the next write */
const CHECKPOINT_AFTER_SIGNALS = 5_000

export interface SignalWriter {
  /** writes signals older than `beforeTs` (all by default); 0 when the write failed (they stay buffered) */
  write(reason: string, beforeTs?: number): number
  /** deletes raw signals older than `cutoffTs`, except those under an entry not yet approved */
  prune(cutoffTs: number): number
  status(): { signals_written: number; last_flush_at: string | null; last_flush_error: string | null }
}

export function createSignalWriter(options: {
  db: WritableDB
  clock: Clock
  logger: Logger
  health: HealthRegistry
  buffer: SignalBuffer
}): SignalWriter {
  const { db, clock, logger, health, buffer } = options
  let signalsWritten = 0
  let lastFlushAt: string | null = null
  let lastFlushError: string | null = null

  return {
    write(reason, beforeTs = Number.POSITIVE_INFINITY) {
      if (buffer.size === 0) return 0
      const drained = buffer.drain(beforeTs)
      if (drained.length === 0) return 0
      try {
        upsertSignals(db, drained)
      } catch (error) {
        buffer.restore(drained)
        const code = (error as { code?: unknown }).code
        lastFlushError = `${errorMessage(error)}${typeof code === 'string' ? ` (${code})` : ''}`
        const dropped = buffer.dropped > 0 ? `; memory limit reached, ${buffer.dropped} newer signals dropped` : ''
        health.set(
          'store',
          'degraded',
          `cannot write signals: ${lastFlushError}; ${buffer.size} kept in memory, retrying${dropped}`,
        )
        logger.error(`signal flush (${reason}) failed`, lastFlushError)
        return 0
      }
      signalsWritten += drained.length
      if (drained.length >= CHECKPOINT_AFTER_SIGNALS) checkpointSoon(db)
      lastFlushAt = isoSeconds(clock.now())
      if (lastFlushError !== null) {
        lastFlushError = null
        health.set('store', 'ok', null)
        logger.info('signal flush works again')
        const dropped = buffer.takeDropped()
        if (dropped > 0)
          logger.warn('signals were dropped while the store could not be written (memory limit)', String(dropped))
      }
      return drained.length
    },
    prune(cutoffTs) {
      try {
        const removed = pruneSignals(db, cutoffTs)
        if (removed > 0) logger.info('retention removed old signals', String(removed))
        return removed
      } catch (error) {
        logger.warn('retention failed', errorMessage(error))
        return 0
      }
    },
    status: () => ({ signals_written: signalsWritten, last_flush_at: lastFlushAt, last_flush_error: lastFlushError }),
  }
}
