// Stored signal rows → the typed columns the heuristics worker takes (shared/heuristics/signalColumns.ts).
import { LOCK_TYPE, SignalColumnsBuilder, type SignalColumns } from '../../shared/heuristics/signalColumns'
import { signalTypeCode } from '../../shared/heuristics/signalTable'
import type { Interval, SignalRowForHeuristics } from '../store/suggest'

/** Stored rows → what the worker takes, with fixed spans cut out: signals inside one
 * ([start, end), the end instant may start the next entry) are dropped, and a break goes before
 * the first signal at or after its start, which ends activity at the last input before it — so
 * no suggestion overlaps or spans an entry it may not change. */
export function toWireSignals(rows: readonly SignalRowForHeuristics[], frozen: readonly Interval[]): SignalColumns {
  const out = new SignalColumnsBuilder(rows.length)
  let next = 0
  let brokenUpTo = -1
  const breakAt = (ts: number, interval: number) => {
    if (brokenUpTo >= interval) return
    out.push(ts, 'system', LOCK_TYPE, 1, null)
    brokenUpTo = interval
  }
  for (const row of rows) {
    const ts = row.ts * 1000
    while (next < frozen.length && (frozen[next] as Interval).endMs <= ts) {
      if ((frozen[next] as Interval).startMs <= ts) breakAt(ts, next)
      next++
    }
    if (next < frozen.length && (frozen[next] as Interval).startMs <= ts) {
      breakAt(ts, next)
      continue
    }
    out.push(ts, row.app, signalTypeCode.get(row.type) as number, row.count, row.title)
  }
  return out.finish()
}
