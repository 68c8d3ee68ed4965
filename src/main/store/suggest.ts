// The heuristics' reads and writes over SQLite (main thread only: the single writer): signals
// after the cursor, the open tail, fixed spans, and the entries the host writes. Statements
// prepared once; every multi-row write is one transaction. Over 350 lines on purpose: one place for
// everything the heuristics host (suggest/host.ts) reads and writes, so it holds no SQL (#24);
// whole-entry writes go through store/entries' single column list.
import { randomUUID } from 'node:crypto'
import type { Statement } from 'better-sqlite3'
import type { EntryDelta } from '../../shared/contract/entries'
import type { LocalEntry } from '../../shared/domain'
import { formatIsoUtc, parseIsoUtc } from '../../shared/isoTime'
import type { LearnedHint } from '../../shared/heuristics/types'
import {
  entryToRow,
  getEntryRow,
  insertEntryRow,
  REWRITABLE,
  rowToEntry,
  updateEntryRow,
  type EntryRow,
} from './entries'
import { prepared, preparedRaw } from './prepared'
import type { ReadableDB, WritableDB } from './database'
import {
  claimSignalsThrough,
  clearLateWrites,
  markSignalsDoneThrough,
  readSignalCursor,
  type SignalCursor,
} from './cursor'
import { SIGNALS_WITH_KINDS, storedKinds } from './signalKinds'
import { SIGNALS_IN_TIME_ORDER, withInheritedTitles } from './signals'
import type { Finished } from '../../shared/heuristics/fold'

/** A stored signal as the heuristics read it: input carries the title it inherits from its focus signal. */
export interface SignalRowForHeuristics {
  ts: number
  app: string
  type: string
  count: number
  title: string | null
}

/** Signals read for one fold, and the last second they cover (the cursor moves there once stored). */
export interface SignalBatch {
  rows: SignalRowForHeuristics[]
  throughTs: number
}

export interface Interval {
  startMs: number
  endMs: number
}

export interface TailRow {
  entry_id: string
  start_ms: number
  /** null when the entry no longer exists */
  status: string | null
  user_touched: number | null
}

/** Type name by stored kind code, as the file names them. */
function kindNames(db: ReadableDB): string[] {
  const names: string[] = []
  for (const kind of storedKinds(db)) names[kind.code] = kind.type
  return names
}

/** The only entries the heuristics may rewrite or delete: untouched pending suggestions of their own. */
const OURS = `(${REWRITABLE})`

export class HeuristicsStore {
  private readonly signalRange: Statement<[number, number, number], [number, string, number, number, string | null]>
  private readonly skippedIn: Statement<[number, number], { ts: number; app: string; type: string }>
  private readonly skipAfter: Statement<[number]>
  private readonly anyAfter: Statement<[number], { found: number }>
  private readonly frozen: Statement<[string], { started_at: string; ended_at: string }>
  private readonly tail: Statement<[], TailRow>
  private readonly deleteOwned: Statement<[string]>
  private readonly clearTail: Statement<[]>
  private readonly addTail: Statement<[string, number]>
  private readonly approved: Statement<
    [],
    { app: string; activity_type: string; project_id: string | null; client_id: string | null; n: number }
  >
  private readonly reclassifiable: Statement<[], EntryRow>
  /** type name by stored kind code, as the file names them (the registry's, and any a newer build added) */
  private typeOfKind: readonly string[]

  constructor(
    private readonly db: WritableDB,
    private readonly now: () => number,
  ) {
    // Rows as arrays and the stored kind, named here from signal_kinds (read once), not joined:
    // half the cost of a million-signal read (`cli process` after a big import).
    this.typeOfKind = kindNames(db)
    this.signalRange = preparedRaw(
      db,
      `SELECT ts, app, kind, count, title FROM signals WHERE ts >= ? AND ts <= ? ORDER BY ${SIGNALS_IN_TIME_ORDER} LIMIT ?`,
    )
    this.skippedIn = prepared(db, 'SELECT ts, app, type FROM signals_skipped WHERE ts >= ? AND ts <= ?')
    this.skipAfter = prepared<[number]>(
      db,
      `INSERT OR IGNORE INTO signals_skipped (ts, app, type) SELECT ts, app, type FROM ${SIGNALS_WITH_KINDS} WHERE ts > ?`,
    )
    this.anyAfter = prepared<[number], { found: number }>(db, 'SELECT 1 AS found FROM signals WHERE ts > ? LIMIT 1')
    this.frozen = prepared<[string], { started_at: string; ended_at: string }>(
      db,
      'SELECT started_at, ended_at FROM entries WHERE ended_at > ? AND id NOT IN (SELECT entry_id FROM heuristics_tail) ORDER BY started_at',
    )
    this.tail = prepared(
      db,
      'SELECT t.entry_id, t.start_ms, e.status, e.user_touched FROM heuristics_tail t LEFT JOIN entries e ON e.id = t.entry_id ORDER BY t.start_ms',
    )
    this.deleteOwned = prepared<[string]>(db, `DELETE FROM entries WHERE id = ? AND ${OURS}`)
    this.clearTail = prepared(db, 'DELETE FROM heuristics_tail')
    this.addTail = prepared(db, 'INSERT INTO heuristics_tail (entry_id, start_ms) VALUES (?, ?)')
    this.approved = prepared(
      db,
      `SELECT json_extract(context_data, '$.applications[0]') AS app, activity_type, project_id, client_id, count(*) AS n
       FROM entries WHERE status = 'approved' AND project_id IS NOT NULL AND json_extract(context_data, '$.applications[0]') IS NOT NULL
       GROUP BY 1, 2, 3, 4`,
    )
    this.reclassifiable = prepared(
      db,
      `SELECT * FROM entries WHERE status = 'pending' AND user_touched = 0 AND source = 'auto'
       AND id NOT IN (SELECT entry_id FROM heuristics_tail) AND json_extract(context_data, '$.calendar') IS NULL ORDER BY started_at`,
    )
  }

  cursor(): SignalCursor {
    return readSignalCursor(this.db)
  }

  /** The caller has dealt with these late writes (folded them in, or left them out knowingly). */
  clearLateWrites(writes: number): void {
    clearLateWrites(this.db, writes)
  }

  /** Nothing to fold up to `ts` (every signal there was skipped): the cursor moves on. */
  markDoneThrough(ts: number): void {
    markSignalsDoneThrough(this.db, ts)
  }

  /** Marks signals dated after `ts` (a clock that jumped ahead) as never to be folded; returns how many were new. */
  skipSignalsAfter(ts: number): number {
    // Almost always there are none: look before writing.
    return this.anyAfter.get(ts) ? this.skipAfter.run(ts).changes : 0
  }

  /**
   * Up to about `limit` signals after the cursor and at or before `untilTs`, in whole seconds
   * (a page never ends inside a second, which would hide the rest of it behind the cursor).
   * Claims them: from now on a write at or before their last second counts as late.
   */
  /** Signals after the cursor up to `untilTs`: what processPending has ahead of it. */
  countWaiting(untilTs: number): number {
    return (
      prepared<[number, number], { n: number }>(
        this.db,
        'SELECT count(*) AS n FROM signals WHERE ts > ? AND ts <= ?',
      ).get(readSignalCursor(this.db).doneTs, untilTs)?.n ?? 0
    )
  }

  readNew(limit: number, untilTs: number): SignalBatch | null {
    let rows = this.signalsIn(readSignalCursor(this.db).doneTs + 1, untilTs, limit)
    const last = rows.at(-1)
    if (!last) return null
    let throughTs = last.ts
    if (rows.length === limit) {
      if ((rows[0] as SignalRowForHeuristics).ts === throughTs) rows = this.signalsIn(throughTs, throughTs, -1)
      else {
        throughTs--
        while ((rows.at(-1) as SignalRowForHeuristics).ts > throughTs) rows.pop()
      }
    }
    claimSignalsThrough(this.db, throughTs)
    return { rows: this.prepareRows(rows), throughTs }
  }

  /** Every signal from `fromMs` up to `untilTs`, read or not: what a rebuilt tail folds again. */
  readSignalsSince(fromMs: number, untilTs: number): SignalBatch | null {
    const rows = this.signalsIn(Math.floor(fromMs / 1000), untilTs, -1)
    const last = rows.at(-1)
    if (!last) return null
    claimSignalsThrough(this.db, last.ts)
    return { rows: this.prepareRows(rows), throughTs: last.ts }
  }

  readSignalsBetween(startMs: number, endMs: number): SignalRowForHeuristics[] {
    return this.prepareRows(this.signalsIn(Math.floor(startMs / 1000), Math.ceil(endMs / 1000), -1))
  }

  private signalsIn(fromTs: number, untilTs: number, limit: number): SignalRowForHeuristics[] {
    return this.signalRange.all(fromTs, untilTs, limit).map(([ts, app, kind, count, title]) => ({
      ts,
      app,
      type: this.typeOfKind[kind] ?? this.kindRegisteredSince(kind),
      count,
      title,
    }))
  }

  /** A kind another process registered after this store was made (a newer CLI on the same file). */
  private kindRegisteredSince(kind: number): string {
    this.typeOfKind = kindNames(this.db)
    return this.typeOfKind[kind] as string
  }

  /** Leaves out signals skipped as future-dated and gives input the title of its focus signal. */
  private prepareRows(rows: SignalRowForHeuristics[]): SignalRowForHeuristics[] {
    const first = rows[0]
    const last = rows.at(-1)
    if (!first || !last) return rows
    const skipped = this.skippedIn.all(first.ts, last.ts)
    if (skipped.length > 0) {
      const keys = new Set(skipped.map((k) => `${k.ts}\u0000${k.app}\u0000${k.type}`))
      rows = rows.filter((row) => !keys.has(`${row.ts}\u0000${row.app}\u0000${row.type}`))
    }
    return withInheritedTitles(this.db, rows)
  }

  /** Spans new suggestions must not overlap — every entry except the tentative tail (user-owned
   * ones, and final suggestions already written) — that end after `fromMs`, in start order. */
  frozenIntervals(fromMs: number): Interval[] {
    return this.frozen
      .all(formatIsoUtc(fromMs))
      .map((row) => ({ startMs: parseIsoUtc(row.started_at), endMs: parseIsoUtc(row.ended_at) }))
      .filter((interval) => !Number.isNaN(interval.startMs) && !Number.isNaN(interval.endMs))
  }

  /** Tail entries the user took over (or removed) stop being tentative: they are fixed now. */
  forgetTouchedTail(): void {
    prepared(this.db, `DELETE FROM heuristics_tail WHERE entry_id NOT IN (SELECT id FROM entries WHERE ${OURS})`).run()
  }

  /** Tail entries the calendar join took over (#23): final from now on, the fold lets go of them. */
  releaseFromTail(ids: readonly string[]): void {
    const release = prepared<[string]>(this.db, 'DELETE FROM heuristics_tail WHERE entry_id = ?')
    for (const id of ids) release.run(id)
  }

  tailRows(): TailRow[] {
    return this.tail.all()
  }

  learnedHints(): LearnedHint[] {
    return this.approved.all().map((row) => ({
      app: row.app,
      activity_type: row.activity_type,
      project_id: row.project_id,
      client_id: row.client_id,
      approvals: row.n,
    }))
  }

  reclassifiableEntries(): LocalEntry[] {
    return this.reclassifiable.all().map(rowToEntry)
  }

  /**
   * Stores one fold update atomically: closed entries become final pending entries, open ones
   * the new tentative tail; previous tentative entries are updated in place when they start at
   * the same instant (stable ids for the review list) and deleted otherwise — only while still
   * pending and untouched. The signal cursor moves to `doneTs` in the same transaction.
   * Returns the ids written, for the review queue to patch those rows only.
   */
  writeUpdate(closed: readonly Finished[], open: readonly Finished[], doneTs: number | null): EntryDelta {
    const delta = emptyDelta()
    this.db.transaction(() => {
      const previous = new Map<number, string>()
      for (const row of this.tail.all()) {
        if (row.status === 'pending' && row.user_touched === 0) previous.set(row.start_ms, row.entry_id)
      }
      this.clearTail.run()
      for (const item of closed) this.writeEntry(item, previous, delta)
      for (const item of open) this.addTail.run(this.writeEntry(item, previous, delta), item.startMs)
      for (const id of previous.values()) this.deleteEntry(id, delta)
      if (doneTs !== null) markSignalsDoneThrough(this.db, doneTs)
    })()
    return delta
  }

  /** Stores entries computed apart from the tail (late signals) as final pending suggestions. */
  insertFinal(entries: readonly Finished[]): EntryDelta {
    const delta = emptyDelta()
    this.db.transaction(() => {
      for (const item of entries) this.writeEntry(item, new Map(), delta)
    })()
    return delta
  }

  /** Replaces one untouched pending entry by the entries recomputed for its span; the ids written go into `delta`. */
  replaceEntry(id: string, replacements: readonly Finished[], delta: EntryDelta = emptyDelta()): boolean {
    return this.db.transaction(() => {
      const row = getEntryRow(this.db, id)
      if (!row || row.status !== 'pending' || row.user_touched !== 0 || row.source !== 'auto') return false
      const reuse = new Map<number, string>()
      const first = replacements[0]
      if (first) reuse.set(first.startMs, id)
      for (const item of replacements) this.writeEntry(item, reuse, delta)
      for (const leftover of reuse.values()) this.deleteEntry(leftover, delta)
      return true
    })()
  }

  /** Replaces untouched pending entries by `replacements` (ids kept where a start matches), with `also` in the same transaction. */
  replaceEntries(ids: readonly string[], replacements: readonly Finished[], also: () => void): EntryDelta {
    const delta = emptyDelta()
    this.db.transaction(() => {
      const reuse = new Map<number, string>()
      for (const id of ids) {
        const row = getEntryRow(this.db, id)
        if (row) reuse.set(parseIsoUtc(row.started_at), id)
      }
      for (const item of replacements) this.writeEntry(item, reuse, delta)
      for (const leftover of reuse.values()) this.deleteEntry(leftover, delta)
      also()
    })()
    return delta
  }

  private deleteEntry(id: string, delta: EntryDelta): void {
    if (this.deleteOwned.run(id).changes > 0) delta.removed.push(id)
  }

  private writeEntry(item: Finished, reusable: Map<number, string>, delta: EntryDelta): string {
    const nowIso = formatIsoUtc(this.now())
    const reuseId = reusable.get(item.startMs)
    const existing = reuseId ? getEntryRow(this.db, reuseId) : undefined
    const entry: LocalEntry = {
      id: existing?.id ?? randomUUID(),
      started_at: item.entry.started_at,
      ended_at: item.entry.ended_at,
      duration_minutes: item.entry.duration_minutes,
      status: 'pending',
      source: 'auto',
      activity_type: item.entry.activity_type,
      project_id: item.entry.project_id,
      client_id: item.entry.client_id,
      notes: null,
      context_data: item.entry.context_data,
      sync_state: 'local',
      user_touched: false,
      server_ids: [],
      sync_error: null,
      created_at: existing?.created_at ?? nowIso,
      updated_at: nowIso,
    }
    if (existing && reuseId) {
      reusable.delete(item.startMs)
      if (updateEntryRow(this.db, entryToRow(entry), OURS)) delta.changed.push(entry.id)
    } else {
      insertEntryRow(this.db, entryToRow(entry))
      delta.added.push(entry.id)
    }
    return entry.id
  }
}

const emptyDelta = (): EntryDelta => ({ added: [], changed: [], removed: [] })
