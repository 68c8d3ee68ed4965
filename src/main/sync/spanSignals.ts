// The device part of what leaves the machine: the seed's four fields of the signals inside an
// approved entry's span (attestedSignals.ts adds the rest). Titles and counts stay in SQLite.
import { SIGNAL_REGISTRY, isSignalTypeName } from '../../shared/signalRegistry'
import { DeviceSignal } from './apiSchemas'
import type { ReadableDB } from '../store/database'
import { seedFieldsBetween } from '../store/signals'
import { isoFromEpochSeconds } from '../../shared/isoTime'

export interface SpanSignals {
  signals: DeviceSignal[]
  /** rows that could not be expressed in the contract's vocabulary (logged, never sent) */
  skipped: number
}

/** Signals in [started_at, ended_at): half-open so adjacent entries never share a signal. */
export function signalsForSpan(db: ReadableDB, startedAt: string, endedAt: string): SpanSignals {
  const from = Math.floor(Date.parse(startedAt) / 1000)
  const to = Math.floor(Date.parse(endedAt) / 1000)
  const rows = seedFieldsBetween(db, from, to)
  const signals: DeviceSignal[] = []
  let skipped = 0
  for (const row of rows) {
    // A type this build does not know (a newer one stored it) has no wire name here: skipped.
    const type = isSignalTypeName(row.type) ? SIGNAL_REGISTRY[row.type].wire : null
    const parsed = DeviceSignal.safeParse({
      timestamp: isoFromEpochSeconds(row.ts),
      app: row.app,
      type,
      source_type: row.source_type,
    })
    if (parsed.success) signals.push(parsed.data)
    else skipped++
  }
  return { signals, skipped }
}
