// Tests read back what capture and imports stored through the store's own time-ordered reader:
// no SQL outside src/main/store.
import type { WritableDB } from '../../src/main/store/database'
import { iterateSignals, type SignalRow } from '../../src/main/store/signals'

export interface SignalQuery {
  /** epoch seconds, inclusive */
  fromTs?: number
  /** epoch seconds, exclusive */
  toTs?: number
  limit?: number
}

/** Signals as stored (titles on focus signals only), in time order. */
export function listSignals(db: WritableDB, query: SignalQuery = {}): SignalRow[] {
  const from = query.fromTs ?? 0
  const to = query.toTs ?? Number.MAX_SAFE_INTEGER
  const rows: SignalRow[] = []
  for (const row of iterateSignals(db)) {
    if (row.ts < from || row.ts >= to) continue
    rows.push(row)
    if (query.limit !== undefined && rows.length >= query.limit) break
  }
  return rows
}
