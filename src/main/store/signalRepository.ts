// Plain functions over the signals table (Signal Desktop's habit): statements prepared once per
// database handle, every multi-row write inside one transaction.
import { LocalSignal, type SignalType, type SourceType } from '../../shared/domain'
import type { Statement } from 'better-sqlite3'
import type { Database } from './database'

/** A signal as capture writes it: ts in epoch seconds, local extras included. */
export interface SignalRecord {
  ts: number
  app: string
  type: SignalType
  source_type: SourceType
  count: number
  title: string | null
}

export interface SignalRow extends SignalRecord {
  id: number
  processed: number
}

/** Rows written per statement: fewer round trips into SQLite for large flushes. */
const BATCH = 50
const UPSERT_TAIL =
  ' ON CONFLICT (ts, app, type) DO UPDATE SET count = count + excluded.count, title = coalesce(excluded.title, title), processed = 0'

interface Statements {
  single: Statement<unknown[]>
  batch: Statement<unknown[]>
}
const statementCache = new WeakMap<Database, Statements>()

function statements(db: Database): Statements {
  let cached = statementCache.get(db)
  if (!cached) {
    const values = (n: number) => Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?)').join(', ')
    const head = 'INSERT INTO signals (ts, app, type, source_type, count, title) VALUES '
    cached = {
      single: db.prepare<unknown[]>(head + values(1) + UPSERT_TAIL),
      batch: db.prepare<unknown[]>(head + values(BATCH) + UPSERT_TAIL),
    }
    statementCache.set(db, cached)
  }
  return cached
}

/**
 * Writes signals in one transaction. A second write to the same (second, app, type) adds its
 * count (the bucket was split across flushes) and marks the row for the heuristics again.
 * All or nothing: on error nothing is written and the caller keeps the signals.
 */
export function upsertSignals(db: Database, signals: readonly SignalRecord[]): void {
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
function largeWrite(db: Database, rows: number, write: () => void): void {
  const cache = db.pragma('cache_size', { simple: true }) as number
  const autoCheckpoint = db.pragma('wal_autocheckpoint', { simple: true }) as number
  db.pragma(`cache_size = ${-Math.ceil((rows * 300) / 1024)}`)
  db.pragma('wal_autocheckpoint = 0')
  try {
    write()
  } finally {
    db.pragma(`cache_size = ${cache}`)
    db.pragma(`wal_autocheckpoint = ${autoCheckpoint}`)
  }
}

/** Copies the WAL back into the database file without waiting for readers (after large writes). */
export function checkpointSoon(db: Database): void {
  const timer = setTimeout(() => {
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)')
  }, 0)
  timer.unref?.()
}

function writeAll(db: Database, signals: readonly SignalRecord[]): void {
  const { single, batch } = statements(db)
  // Rows of one multi-row INSERT are upserted one after another, so repeated keys just add up.
  const merged = signals
  db.transaction(() => {
    let i = 0
    const params: unknown[] = new Array(BATCH * 6)
    for (; i + BATCH <= merged.length; i += BATCH) {
      for (let j = 0; j < BATCH; j++) {
        const s = merged[i + j] as SignalRecord
        const o = j * 6
        params[o] = s.ts
        params[o + 1] = s.app
        params[o + 2] = s.type
        params[o + 3] = s.source_type
        params[o + 4] = s.count
        params[o + 5] = s.title
      }
      batch.run(params)
    }
    for (; i < merged.length; i++) {
      const s = merged[i] as SignalRecord
      single.run(s.ts, s.app, s.type, s.source_type, s.count, s.title)
    }
  })()
}

export interface SignalQuery {
  /** epoch seconds, inclusive */
  fromTs?: number
  /** epoch seconds, exclusive */
  toTs?: number
  limit?: number
}

export function listSignals(db: Database, query: SignalQuery = {}): SignalRow[] {
  return db
    .prepare<[number, number, number], SignalRow>(
      'SELECT id, ts, app, type, source_type, count, title, processed FROM signals WHERE ts >= ? AND ts < ? ORDER BY ts, app, type LIMIT ?',
    )
    .all(query.fromTs ?? 0, query.toTs ?? Number.MAX_SAFE_INTEGER, query.limit ?? -1)
}

/** Visits every signal in time order without loading them all (exports of a year of data). */
export function* iterateSignals(db: Database): Generator<SignalRow> {
  yield* db
    .prepare<[], SignalRow>('SELECT id, ts, app, type, source_type, count, title, processed FROM signals ORDER BY ts, app, type')
    .iterate()
}

export const tsToIso = (ts: number): string => new Date(ts * 1000).toISOString().replace('.000Z', 'Z')
export const isoToTs = (iso: string): number => Math.floor(Date.parse(iso) / 1000)

/** The stored row in the domain's LocalSignal shape. */
export function rowToLocalSignal(row: SignalRow): LocalSignal {
  return LocalSignal.parse({
    timestamp: tsToIso(row.ts),
    app: row.app,
    type: row.type,
    source_type: row.source_type,
    count: row.count,
    title: row.title,
  })
}

/**
 * Deletes raw signals older than the retention cutoff, except those inside an entry that is not
 * approved yet (pending or rejected: the user may still need the evidence). Returns rows deleted.
 */
export function pruneSignals(db: Database, cutoffTs: number): number {
  return db
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
}
