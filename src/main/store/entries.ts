// Plain functions over the entries table (Signal Desktop's habit): rows ↔ LocalEntry mapping and
// the queries every capability shares. Multi-step writes go inside db.transaction by the caller.
import { LocalEntry, type EntryStatus } from '../../shared/domain'
import type { Database } from './database'

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
  'id', 'started_at', 'ended_at', 'duration_minutes', 'status', 'source', 'activity_type', 'project_id',
  'client_id', 'notes', 'context_data', 'sync_state', 'user_touched', 'server_ids', 'sync_error',
  'created_at', 'updated_at',
] as const

export function insertEntries(db: Database, entries: readonly LocalEntry[]): void {
  const insert = db.prepare(
    `INSERT INTO entries (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`,
  )
  db.transaction(() => {
    for (const entry of entries) insert.run(entryToRow(LocalEntry.parse(entry)))
  })()
}

/** Overwrites every column of an existing entry (callers build the new value from the old). */
export function saveEntry(db: Database, entry: LocalEntry): void {
  const result = db
    .prepare(`UPDATE entries SET ${COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`)
    .run(entryToRow(LocalEntry.parse(entry)))
  if (result.changes !== 1) throw new Error(`entry ${entry.id} does not exist`)
}

export function getEntry(db: Database, id: string): LocalEntry | null {
  const row = db.prepare<[string], EntryRow>('SELECT * FROM entries WHERE id = ?').get(id)
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

export function listEntries(db: Database, query: EntryQuery = {}): LocalEntry[] {
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
  return db.prepare<[Record<string, string | number>], EntryRow>(sql).all(params).map(rowToEntry)
}
