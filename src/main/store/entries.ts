// Plain functions over the entries table (Signal Desktop's habit): rows ↔ LocalEntry mapping and
// the queries every capability shares. Multi-step writes go inside db.transaction by the caller.
import { LocalEntry, type EntryStatus } from '../../shared/domain'
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'

export interface EntryRow {
  id: string
  started_at: string
  ended_at: string
  duration_minutes: number
  status: string
  source: string
  activity_type: string
  project_id: string | null
  client_id: string | null
  notes: string | null
  context_data: string
  sync_state: string
  user_touched: number
  server_ids: string
  sync_error: string | null
  created_at: string
  updated_at: string
}

/** Entries waiting for review: the badge on the tray and the status bar. */
export function countPendingEntries(db: ReadableDB): number {
  return prepared<[], { n: number }>(db, "SELECT count(*) AS n FROM entries WHERE status = 'pending'").get()?.n ?? 0
}

export function rowToEntry(row: EntryRow): LocalEntry {
  return LocalEntry.parse({
    ...row,
    context_data: JSON.parse(row.context_data),
    user_touched: row.user_touched === 1,
    server_ids: JSON.parse(row.server_ids),
  })
}

export function entryToRow(entry: LocalEntry): EntryRow {
  return {
    ...entry,
    context_data: JSON.stringify(entry.context_data),
    user_touched: entry.user_touched ? 1 : 0,
    server_ids: JSON.stringify(entry.server_ids),
  }
}

const COLUMNS = [
  'id',
  'started_at',
  'ended_at',
  'duration_minutes',
  'status',
  'source',
  'activity_type',
  'project_id',
  'client_id',
  'notes',
  'context_data',
  'sync_state',
  'user_touched',
  'server_ids',
  'sync_error',
  'created_at',
  'updated_at',
] as const

/** The one column list every write of a whole entry goes through. */
const INSERT_ENTRY = `INSERT INTO entries (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`
const UPDATE_ENTRY = `UPDATE entries SET ${COLUMNS.filter((c) => c !== 'id')
  .map((c) => `${c} = @${c}`)
  .join(', ')} WHERE id = @id`

export function insertEntryRow(db: WritableDB, row: EntryRow): void {
  prepared<[EntryRow]>(db, INSERT_ENTRY).run(row)
}

/** Rewrites a whole row; `onlyIf` (SQL over its columns) limits which rows may be rewritten. Returns whether it was. */
export function updateEntryRow(db: WritableDB, row: EntryRow, onlyIf?: string): boolean {
  return prepared<[EntryRow]>(db, onlyIf ? `${UPDATE_ENTRY} AND ${onlyIf}` : UPDATE_ENTRY).run(row).changes > 0
}

export function getEntryRow(db: ReadableDB, id: string): EntryRow | undefined {
  return prepared<[string], EntryRow>(db, 'SELECT * FROM entries WHERE id = ?').get(id)
}

export function insertEntries(db: WritableDB, entries: readonly LocalEntry[]): void {
  db.transaction(() => {
    for (const entry of entries) insertEntryRow(db, entryToRow(LocalEntry.parse(entry)))
  })()
}

/** Overwrites every column of an existing entry (callers build the new value from the old). */
export function saveEntry(db: WritableDB, entry: LocalEntry): void {
  if (!updateEntryRow(db, entryToRow(LocalEntry.parse(entry)))) throw new Error(`entry ${entry.id} does not exist`)
}

export function getEntry(db: ReadableDB, id: string): LocalEntry | null {
  const row = prepared<[string], EntryRow>(db, 'SELECT * FROM entries WHERE id = ?').get(id)
  return row ? rowToEntry(row) : null
}

export interface EntryQuery {
  status?: EntryStatus
  /** entries that end after this instant (ISO) */
  from?: string
  /** entries that start before this instant (ISO) */
  to?: string
  limit?: number
  /** newest first when true (the review queue), oldest first otherwise */
  newestFirst?: boolean
}

export function listEntries(db: ReadableDB, query: EntryQuery = {}): LocalEntry[] {
  const where: string[] = []
  const params: Record<string, string | number> = {}
  if (query.status) {
    where.push('status = @status')
    params.status = query.status
  }
  if (query.from) {
    where.push('ended_at > @from')
    params.from = query.from
  }
  if (query.to) {
    where.push('started_at < @to')
    params.to = query.to
  }
  const sql = [
    'SELECT * FROM entries',
    where.length ? `WHERE ${where.join(' AND ')}` : '',
    `ORDER BY started_at ${query.newestFirst ? 'DESC' : 'ASC'}, id`,
    query.limit ? 'LIMIT @limit' : '',
  ].join(' ')
  if (query.limit) params.limit = query.limit
  return prepared<[Record<string, string | number>], EntryRow>(db, sql).all(params).map(rowToEntry)
}

export interface EntrySyncUpdate {
  sync_state: LocalEntry['sync_state']
  sync_error: string | null
  /** only when the server ids changed */
  server_ids?: string[]
}

/** Only the sync columns: sync never rewrites the user's fields. */
export function updateEntrySync(db: WritableDB, entryId: string, update: EntrySyncUpdate, nowIso: string): void {
  if (update.server_ids) {
    prepared(db, 'UPDATE entries SET sync_state = ?, sync_error = ?, server_ids = ?, updated_at = ? WHERE id = ?').run(
      update.sync_state,
      update.sync_error,
      JSON.stringify(update.server_ids),
      nowIso,
      entryId,
    )
  } else {
    prepared(db, 'UPDATE entries SET sync_state = ?, sync_error = ?, updated_at = ? WHERE id = ?').run(
      update.sync_state,
      update.sync_error,
      nowIso,
      entryId,
    )
  }
}

/** Entries a killed sync run left marked 'syncing' are queued again. */
export function requeueInterruptedSync(db: WritableDB): void {
  prepared(db, "UPDATE entries SET sync_state = 'queued' WHERE sync_state = 'syncing'").run()
}

/** Ids of entries starting with `prefix` (ids given like git's short hashes), at most `limit`, sorted. */
export function entryIdsWithPrefix(db: ReadableDB, prefix: string, limit: number): string[] {
  const rows = prepared<[{ prefix: string; limit: number }], { id: string }>(
    db,
    'SELECT id FROM entries WHERE substr(id, 1, length(@prefix)) = @prefix ORDER BY id LIMIT @limit',
  ).all({ prefix, limit })
  return rows.map((row) => row.id)
}

/** An entry the heuristics may rewrite: their own pending suggestion the user has not touched.
 * Written once here; every statement that means it uses this. */
export const REWRITABLE = "status = 'pending' AND user_touched = 0 AND source = 'auto'"

/** Entries that are not rejected and overlap (fromIso, toIso), in time order (the timeline). */
export function entriesOverlapping(db: ReadableDB, fromIso: string, toIso: string): EntryRow[] {
  return prepared<[string, string], EntryRow>(
    db,
    "SELECT * FROM entries WHERE status <> 'rejected' AND ended_at > ? AND started_at < ? ORDER BY started_at, id",
  ).all(fromIso, toIso)
}

/** The pending entry that ended last among those started before `iso` (what the user was on when they left). */
export function latestPendingStartedBefore(db: ReadableDB, iso: string): EntryRow | undefined {
  return prepared<[string], EntryRow>(
    db,
    "SELECT * FROM entries WHERE status = 'pending' AND started_at < ? ORDER BY ended_at DESC LIMIT 1",
  ).get(iso)
}

/** When the next entry (not rejected, not `exceptId`) after `iso` starts, if any. */
export function nextEntryStart(db: ReadableDB, iso: string, exceptId: string): string | undefined {
  return prepared<[string, string], { started_at: string }>(
    db,
    "SELECT started_at FROM entries WHERE status <> 'rejected' AND started_at > ? AND id <> ? ORDER BY started_at LIMIT 1",
  ).get(iso, exceptId)?.started_at
}

/** Rewritable calendar-only drafts inside [startedAt, endedAt]. */
export function calendarOnlyDraftsWithin(db: ReadableDB, startedAt: string, endedAt: string): EntryRow[] {
  return prepared<[string, string], EntryRow>(
    db,
    `SELECT * FROM entries WHERE ${REWRITABLE}
     AND started_at >= ? AND ended_at <= ? AND json_extract(context_data, '$.calendar.kind') = 'calendar_only'`,
  ).all(startedAt, endedAt)
}

export function deleteEntries(db: WritableDB, ids: readonly string[]): void {
  for (const id of ids) deleteEntry(db, id)
}

/** Entries overlapping (fromIso, toIso) in time order, marked `rewritable` and `inTail` (the
 * heuristics' open tail): what a calendar join may replace and what it must leave alone. */
export interface JoinCandidateRow {
  id: string
  rewritable: number
  inTail: number
  started_at: string
  ended_at: string
  duration_minutes: number
  activity_type: string
  project_id: string | null
  client_id: string | null
  context_data: string
}

export function joinCandidateRows(db: ReadableDB, fromIso: string, toIso: string): JoinCandidateRow[] {
  return prepared<[string, string], JoinCandidateRow>(
    db,
    `SELECT id, (${REWRITABLE}) AS rewritable, id IN (SELECT entry_id FROM heuristics_tail) AS inTail,
       started_at, ended_at, duration_minutes, activity_type, project_id, client_id, context_data
     FROM entries WHERE ended_at > ? AND started_at < ? ORDER BY started_at`,
  ).all(fromIso, toIso)
}

/** Approved calendar-backed entries grouped by attendee domain and the project/client given them. */
export function approvedByAttendeeDomain(
  db: ReadableDB,
): Array<{ domain: string; project_id: string | null; client_id: string | null; approvals: number }> {
  return prepared<[], { domain: string; project_id: string | null; client_id: string | null; approvals: number }>(
    db,
    `SELECT d.value AS domain, e.project_id, e.client_id, count(*) AS approvals
     FROM entries e, json_each(e.context_data, '$.calendar.attendee_domains') d
     WHERE e.status = 'approved' AND (e.project_id IS NOT NULL OR e.client_id IS NOT NULL)
     GROUP BY 1, 2, 3`,
  ).all()
}

/** Rewritable entries the calendar join made (a meeting or a calendar-only draft): rule changes re-apply to them. */
export function rewritableCalendarEntries(db: ReadableDB): EntryRow[] {
  return prepared<[], EntryRow>(
    db,
    `SELECT * FROM entries WHERE ${REWRITABLE} AND json_extract(context_data, '$.calendar.kind') IN ('meeting', 'calendar_only')`,
  ).all()
}

/** A page of the pending queue, newest first, after `after` (the last row of the page before). */
export function pendingPage(
  db: ReadableDB,
  after: { started_at: string; id: string } | null | undefined,
  limit: number,
): EntryRow[] {
  if (!after)
    return prepared<[number], EntryRow>(
      db,
      "SELECT * FROM entries WHERE status = 'pending' ORDER BY started_at DESC, id DESC LIMIT ?",
    ).all(limit)
  return prepared<{ started_at: string; id: string; limit: number }, EntryRow>(
    db,
    `SELECT * FROM entries WHERE status = 'pending'
       AND (started_at < @started_at OR (started_at = @started_at AND id < @id))
     ORDER BY started_at DESC, id DESC LIMIT @limit`,
  ).all({ started_at: after.started_at, id: after.id, limit })
}

/** Pending entries other than `a` and `b` that start between them (a merge must not swallow one). */
export function pendingStartedBetween(
  db: ReadableDB,
  a: { started_at: string; id: string },
  b: { started_at: string; id: string },
): number {
  return (
    prepared<[string, string, string, string], { n: number }>(
      db,
      "SELECT count(*) AS n FROM entries WHERE status = 'pending' AND started_at > ? AND started_at < ? AND id <> ? AND id <> ?",
    ).get(a.started_at, b.started_at, a.id, b.id)?.n ?? 0
  )
}

/** Deletes one entry; whether it existed. */
export function deleteEntry(db: WritableDB, id: string): boolean {
  return prepared<[string]>(db, 'DELETE FROM entries WHERE id = ?').run(id).changes > 0
}
