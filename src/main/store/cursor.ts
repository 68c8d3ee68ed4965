// How far the heuristics have read the signals table, in seconds, instead of a flag and an index on
// every row. Signal writers note writes that land at or before what a round already read
// ("late": an idle_start dated back to the last input, an import, a clock that went back), so
// the heuristics can fold them in or leave them out knowingly.
import type { Statement } from 'better-sqlite3'
import type { WritableDB } from './database'
import { prepared } from './prepared'

export interface SignalCursor {
  /** every signal at or before this second was folded and the result stored */
  doneTs: number
  /** read by the round in progress; >= doneTs */
  claimedTs: number
  /** span of late writes since the heuristics last looked, null when there were none */
  late: { fromTs: number; toTs: number; writes: number } | null
}

interface CursorRow {
  done_ts: number
  claimed_ts: number
  late_from: number | null
  late_to: number | null
  late_writes: number
}

interface Statements {
  read: Statement<[], CursorRow>
  noteLate: Statement<[{ fromTs: number; toTs: number; writes: number }]>
  claim: Statement<[{ ts: number }]>
  done: Statement<[{ ts: number }]>
  clearLate: Statement<[number]>
}
// Called every heuristics round and every flush: prepared once per database handle (prepared()).
const statements = (db: WritableDB): Statements => ({
  read: prepared(db, 'SELECT done_ts, claimed_ts, late_from, late_to, late_writes FROM signal_cursor WHERE id = 1'),
  noteLate: prepared(
    db,
    `UPDATE signal_cursor SET late_from = min(coalesce(late_from, @fromTs), @fromTs), late_to = max(coalesce(late_to, @toTs), @toTs),
           late_writes = late_writes + @writes WHERE id = 1`,
  ),
  claim: prepared(db, 'UPDATE signal_cursor SET claimed_ts = @ts WHERE id = 1 AND claimed_ts < @ts'),
  done: prepared(
    db,
    'UPDATE signal_cursor SET done_ts = max(done_ts, @ts), claimed_ts = max(claimed_ts, @ts) WHERE id = 1',
  ),
  clearLate: prepared<[number]>(
    db,
    'UPDATE signal_cursor SET late_from = NULL, late_to = NULL, late_writes = 0 WHERE id = 1 AND late_writes = ?',
  ),
})

export function readSignalCursor(db: WritableDB): SignalCursor {
  const row = statements(db).read.get()
  if (!row) return { doneTs: 0, claimedTs: 0, late: null }
  const late =
    row.late_writes > 0 && row.late_from !== null && row.late_to !== null
      ? { fromTs: row.late_from, toTs: row.late_to, writes: row.late_writes }
      : null
  return { doneTs: row.done_ts, claimedTs: row.claimed_ts, late }
}

/** Second at or before which a new write counts as late (writers call this inside their transaction). */
export function claimedTs(db: WritableDB): number {
  return statements(db).read.get()?.claimed_ts ?? Number.NEGATIVE_INFINITY
}

export function noteLateWrites(db: WritableDB, fromTs: number, toTs: number, writes: number): void {
  statements(db).noteLate.run({ fromTs, toTs, writes })
}

/** A round is about to fold signals up to `ts`: writes from now on at or before it are late. */
export function claimSignalsThrough(db: WritableDB, ts: number): void {
  statements(db).claim.run({ ts })
}

/** The result of folding signals up to `ts` is stored (call inside that write's transaction). */
export function markSignalsDoneThrough(db: WritableDB, ts: number): void {
  statements(db).done.run({ ts })
}

/** Forgets the late writes the caller has dealt with, unless more arrived since it read them. */
export function clearLateWrites(db: WritableDB, seenWrites: number): void {
  statements(db).clearLate.run(seenWrites)
}
