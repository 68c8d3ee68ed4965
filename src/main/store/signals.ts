// Plain functions over the signals table (Signal Desktop's habit): statements prepared once per
// database handle, every multi-row write inside one transaction.
import { LocalSignal, SOURCE_TYPE_OF, type SignalType, type SourceType } from '../../shared/domain'
import type { Statement } from 'better-sqlite3'
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'
import { FOCUS_KIND, KIND_OF, SIGNALS_WITH_KINDS } from './signalKinds'
import { claimedTs, noteLateWrites } from './cursor'
import { isoFromEpochSeconds } from '../../shared/isoTime'

/** A signal as it is written: ts in epoch seconds, local extras included. */
export interface SignalRecord {
  ts: number
  app: string
  type: SignalType
  /** only imports set it; otherwise (and when equal) the type's usual source is assumed */
  source_type?: SourceType
  count: number
  /**
   * Window title (local only). Capture puts it on app_focus signals only: input inherits the
   * title of the latest focus signal of its app (`withInheritedTitles`), which keeps each title
   * on disk once per window change instead of once per second of typing.
   */
  title: string | null
}

/** A stored signal as read back. */
export interface SignalRow {
  ts: number
  app: string
  type: SignalType
  source_type: SourceType
  count: number
  title: string | null
}

/**
 * Time order, and within one second the order things happen around that second's input:
 * coming back (unlock, resume, idle_end) first, then focus and input, leaving (idle_start, lock,
 * suspend, shutdown) last. It is the primary key's order, so SQLite never sorts.
 */
export const SIGNALS_IN_TIME_ORDER = 'ts, kind, app'

/** The columns every reader selects: the kind's name and usual source come from signal_kinds. */
const SOURCE_TYPE = 'coalesce(source_override, usual_source) AS source_type'
const READ_COLUMNS = `ts, app, type, ${SOURCE_TYPE}, count, title`

/** Rows written per statement: fewer round trips into SQLite for large flushes. */
const BATCH = 100
const COUNT_ADDS = ' ON CONFLICT (ts, kind, app) DO UPDATE SET count = count + excluded.count'

interface Statements {
  /** input as capture writes it: no title, the type's usual source (4 values a row) */
  plainBatch: Statement<unknown[]>
  plainOne: Statement<unknown[]>
  /** focus signals (a title) and imports with an unusual source */
  rich: Statement<unknown[]>
  focusBefore: Statement<[number, number], { app: string; title: string | null }>
}
const plain = (rows: number) =>
  `INSERT INTO signals (ts, kind, app, count) VALUES ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}${COUNT_ADDS}`
const PLAIN_BATCH = plain(BATCH)
const PLAIN_ONE = plain(1)

/** Prepared once per database handle (prepared()); the flush and every heuristics round use them. */
// Readers and writers share one cached set of statements; preparing a write changes nothing.
const statements = (db: ReadableDB): Statements => ({
  plainBatch: prepared(db, PLAIN_BATCH),
  plainOne: prepared(db, PLAIN_ONE),
  rich: prepared(
    db,
    `INSERT INTO signals (ts, kind, app, count, title, source_override) VALUES (?, ?, ?, ?, ?, ?)${COUNT_ADDS}, title = coalesce(excluded.title, title)`,
  ),
  // `kind = FOCUS_KIND` as a literal, so SQLite can use the partial index of focus signals.
  focusBefore: prepared(
    db,
    `SELECT app, title FROM signals WHERE kind = ${FOCUS_KIND} AND ts < ? AND ts >= ? ORDER BY ts DESC LIMIT 1`,
  ),
})

/**
 * Writes signals in one transaction. A second write to the same (second, app, type) adds its
 * count (an import, or a bucket split across flushes). Writes at or before what the heuristics
 * already read are noted as late in the same transaction (`signalCursor`).
 * All or nothing: on error nothing is written and the caller keeps the signals.
 */
export function upsertSignals(db: WritableDB, signals: readonly SignalRecord[]): void {
  if (signals.length === 0) return
  if (signals.length >= LARGE_WRITE) {
    largeWrite(db, signals.length, () => writeAll(db, signals))
    return
  }
  writeAll(db, signals)
}

/** From this many rows on (a backlog after the disk was full, an import) a write is "large". */
const LARGE_WRITE = 5_000

/**
 * A large write would spill SQLite's page cache (2 MB by default) into the WAL mid-transaction and
 * then checkpoint the whole WAL inside the commit. Give it the cache it needs for the duration and
 * leave the checkpoint to the caller's next quiet moment (`checkpointSoon`).
 */
function largeWrite(db: WritableDB, rows: number, write: () => void): void {
  const cache = db.pragma('cache_size', { simple: true }) as number
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number
  db.pragma(`cache_size = ${-Math.ceil((rows * 100) / 1024)}`)
  db.pragma('wal_autocheckpoint = 0')
  try {
    write()
  } finally {
    db.pragma(`cache_size = ${cache}`)
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`)
  }
}

/** Copies the WAL back into the database file without waiting for readers (after large writes). */
export function checkpointSoon(db: WritableDB): void {
  const timer = setTimeout(() => {
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)')
  }, 0)
  timer.unref?.()
}

function writeAll(db: WritableDB, signals: readonly SignalRecord[]): void {
  const { plainBatch, plainOne, rich } = statements(db)
  db.transaction(() => {
    const claimed = claimedTs(db)
    let lateFrom = Number.POSITIVE_INFINITY
    let lateTo = Number.NEGATIVE_INFINITY
    let late = 0
    // Most rows are plain input, written 100 to a statement with 4 values each. The order between
    // plain and rich rows does not matter: counts add up, and only rich rows carry a title.
    const params: unknown[] = new Array(BATCH * 4)
    let pending = 0
    for (const s of signals) {
      if (s.ts <= claimed) {
        late++
        if (s.ts < lateFrom) lateFrom = s.ts
        if (s.ts > lateTo) lateTo = s.ts
      }
      const kind = KIND_OF[s.type]
      const override = s.source_type === undefined || s.source_type === SOURCE_TYPE_OF[s.type] ? null : s.source_type
      if (s.title !== null || override !== null) {
        rich.run(s.ts, kind, s.app, s.count, s.title, override)
        continue
      }
      const o = pending * 4
      params[o] = s.ts
      params[o + 1] = kind
      params[o + 2] = s.app
      params[o + 3] = s.count
      if (++pending === BATCH) {
        plainBatch.run(params)
        pending = 0
      }
    }
    for (let o = 0; o < pending * 4; o += 4) plainOne.run(params[o], params[o + 1], params[o + 2], params[o + 3])
    if (late > 0) noteLateWrites(db, lateFrom, lateTo, late)
  })()
}

/** Visits every signal in time order without loading them all (exports of a year of data). */
export function* iterateSignals(db: ReadableDB): Generator<SignalRow> {
  yield* prepared<[], SignalRow>(
    db,
    `SELECT ${READ_COLUMNS} FROM ${SIGNALS_WITH_KINDS} ORDER BY ${SIGNALS_IN_TIME_ORDER}`,
  ).iterate()
}

/** The seed's four fields of the signals in [fromTs, toTs) — and at `fromTs` when the span is a
 * single second — in time order. Title and count are never even read: this is what may leave the machine. */
export function seedFieldsBetween(
  db: ReadableDB,
  fromTs: number,
  toTs: number,
): Array<{ ts: number; app: string; type: string; source_type: string }> {
  return prepared<[number, number, number], { ts: number; app: string; type: string; source_type: string }>(
    db,
    `SELECT ts, app, type, ${SOURCE_TYPE} FROM ${SIGNALS_WITH_KINDS} WHERE ts >= ? AND (ts < ? OR ts = ?) ORDER BY ${SIGNALS_IN_TIME_ORDER}`,
  ).all(fromTs, Math.max(toTs, fromTs), toTs === fromTs ? fromTs : -1)
}

/** Every signal in [fromTs, toTs) in time order, as presence reads them (no titles). */
export function signalsForPresence(
  db: ReadableDB,
  fromTs: number,
  toTs: number,
): Iterable<{ ts: number; app: string; type: string; count: number }> {
  return prepared<[number, number], { ts: number; app: string; type: string; count: number }>(
    db,
    `SELECT ts, app, type, count FROM ${SIGNALS_WITH_KINDS} WHERE ts >= ? AND ts < ? ORDER BY ${SIGNALS_IN_TIME_ORDER}`,
  ).iterate(fromTs, toTs)
}

/**
 * How far back the focus signal before a range is looked for. Capture repeats the focus signal
 * every 30 min of input in one window (FOCUS_REPEAT_SECONDS), so this is ample.
 */
export const TITLE_LOOKBACK_SECONDS = 2 * 60 * 60

/**
 * Gives input signals (in place) the title of the latest focus signal of their app; rows that
 * carry their own title, stored before titles moved to focus signals, keep it. `rows` must be in
 * time order; the focus signal before the first row is looked up within TITLE_LOOKBACK_SECONDS.
 */
export function withInheritedTitles<T extends { ts: number; app: string; type: string; title: string | null }>(
  db: ReadableDB,
  rows: T[],
): T[] {
  const first = rows[0]
  if (!first) return rows
  const titles = new Map<string, string | null>()
  let lookedBack = false
  for (const row of rows) {
    if (row.type === 'app_focus') titles.set(row.app, row.title)
    else if (row.title === null) {
      if (!lookedBack && !titles.has(row.app)) {
        // Only when needed: input before any focus signal of its app inside the range.
        lookedBack = true
        const before = statements(db).focusBefore.get(first.ts, first.ts - TITLE_LOOKBACK_SECONDS)
        if (before && !titles.has(before.app)) titles.set(before.app, before.title)
      }
      const inherited = titles.get(row.app)
      if (inherited !== undefined && inherited !== null) row.title = inherited
    }
  }
  return rows
}

/** The stored row with the domain's LocalSignal fields, unchecked (the export streams a year of
 * these: checking each one again would cost more than writing it). */
export function localSignalFields(row: SignalRow) {
  return {
    timestamp: isoFromEpochSeconds(row.ts),
    app: row.app,
    type: row.type,
    source_type: row.source_type,
    count: row.count,
    title: row.title,
  }
}

/** The stored row in the domain's LocalSignal shape. */
export function rowToLocalSignal(row: SignalRow): LocalSignal {
  return LocalSignal.parse(localSignalFields(row))
}

/**
 * Deletes raw signals older than the retention cutoff, except those inside an entry that is not
 * approved yet (pending or rejected: the user may still need the evidence). Returns rows deleted.
 */
export function pruneSignals(db: WritableDB, cutoffTs: number): number {
  const removed = db
    .prepare<[number]>(
      `DELETE FROM signals WHERE ts < ? AND NOT EXISTS (
         SELECT 1 FROM entries e
         WHERE e.status IN ('pending', 'rejected')
           -- ISO text comparisons, so the (status, started_at) index applies; they hold for
           -- stored values with and without milliseconds ('…:05.000Z' < '…:05Z', both > '…:05').
           AND e.started_at <= strftime('%Y-%m-%dT%H:%M:%SZ', signals.ts, 'unixepoch')
           AND e.ended_at >= strftime('%Y-%m-%dT%H:%M:%S', signals.ts, 'unixepoch')
       )`,
    )
    .run(cutoffTs).changes
  if (removed > 0) {
    prepared<[number]>(
      db,
      `DELETE FROM signals_skipped WHERE ts < ? AND NOT EXISTS (
         SELECT 1 FROM ${SIGNALS_WITH_KINDS} WHERE signals.ts = signals_skipped.ts AND signals.app = signals_skipped.app AND signal_kinds.type = signals_skipped.type)`,
    ).run(cutoffTs)
  }
  return removed
}
