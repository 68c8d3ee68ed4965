// The reference server's SQLite persistence: tasks, entries, idempotency records, per user.
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { randomUUID } from 'node:crypto'

export interface EntryRecord {
  id: string
  user_id: string
  started_at: string
  ended_at: string
  duration_minutes: number
  status: 'pending' | 'approved' | 'rejected'
  source: string
  activity_type: string
  project_id: string | null
  client_id: string | null
  notes: string | null
  context_data: string
}

export interface TaskRecord {
  id: string
  user_id: string
  status: 'PENDING' | 'SUCCESS' | 'FAILURE'
  request: string
  result: string | null
  error: string | null
}

export type EntryField =
  'status' | 'notes' | 'project_id' | 'client_id' | 'activity_type' | 'started_at' | 'ended_at' | 'duration_minutes'

export class ReferenceStore {
  readonly db: Database
  private readonly statements = new Map<string, BetterSqlite3.Statement>()

  /** statements prepared once: the server answers thousands of requests per test */
  private sql<P extends unknown[] | object = unknown[], R = unknown>(text: string): BetterSqlite3.Statement<P, R> {
    let statement = this.statements.get(text)
    if (!statement) {
      statement = this.db.prepare(text)
      this.statements.set(text, statement)
    }
    return statement as unknown as BetterSqlite3.Statement<P, R>
  }

  constructor(path: string) {
    this.db = new BetterSqlite3(path)
    this.db.pragma('journal_mode = WAL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS tasks (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        status TEXT NOT NULL,
        request TEXT NOT NULL,
        result TEXT,
        error TEXT
      );
      CREATE TABLE IF NOT EXISTS entries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        duration_minutes REAL NOT NULL,
        status TEXT NOT NULL,
        source TEXT NOT NULL,
        activity_type TEXT NOT NULL,
        project_id TEXT,
        client_id TEXT,
        notes TEXT,
        context_data TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS entries_user_status ON entries (user_id, status, seq);
      CREATE TABLE IF NOT EXISTS idempotency (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        response TEXT NOT NULL,
        PRIMARY KEY (user_id, key)
      );
    `)
  }

  createTask(userId: string, request: unknown): TaskRecord {
    const task: TaskRecord = {
      id: randomUUID(),
      user_id: userId,
      status: 'PENDING',
      request: JSON.stringify(request),
      result: null,
      error: null,
    }
    this.sql('INSERT INTO tasks (id, user_id, status, request) VALUES (@id, @user_id, @status, @request)').run(task)
    return task
  }

  getTask(id: string): TaskRecord | null {
    return (
      this.sql<[string], TaskRecord>('SELECT id, user_id, status, request, result, error FROM tasks WHERE id = ?').get(
        id,
      ) ?? null
    )
  }

  pendingTasks(): TaskRecord[] {
    return this.sql<[], TaskRecord>(
      "SELECT id, user_id, status, request, result, error FROM tasks WHERE status = 'PENDING' ORDER BY seq",
    ).all()
  }

  finishTask(id: string, status: 'SUCCESS' | 'FAILURE', result: unknown, error: string | null): void {
    this.sql('UPDATE tasks SET status = ?, result = ?, error = ? WHERE id = ?').run(
      status,
      result === null ? null : JSON.stringify(result),
      error,
      id,
    )
  }

  insertEntry(entry: Omit<EntryRecord, 'id'>): EntryRecord {
    const record = { ...entry, id: randomUUID() }
    this.sql(
      `INSERT INTO entries (id, user_id, started_at, ended_at, duration_minutes, status, source, activity_type, project_id, client_id, notes, context_data)
         VALUES (@id, @user_id, @started_at, @ended_at, @duration_minutes, @status, @source, @activity_type, @project_id, @client_id, @notes, @context_data)`,
    ).run(record)
    return record
  }

  getEntry(userId: string, id: string): EntryRecord | null {
    return (
      this.sql<[string, string], EntryRecord>(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE user_id = ? AND id = ?`).get(
        userId,
        id,
      ) ?? null
    )
  }

  updateEntry(userId: string, id: string, fields: Partial<Pick<EntryRecord, EntryField>>): EntryRecord | null {
    const keys = Object.keys(fields) as EntryField[]
    if (keys.length > 0) {
      this.sql(
        `UPDATE entries SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE user_id = @user_id AND id = @id`,
      ).run({ ...fields, user_id: userId, id })
    }
    return this.getEntry(userId, id)
  }

  listEntries(
    userId: string,
    filter: { status?: string; source?: string },
    skip: number,
    limit: number,
  ): { total: number; entries: EntryRecord[] } {
    const where = ['user_id = @user_id']
    const params: Record<string, string | number> = { user_id: userId, skip, limit }
    if (filter.status !== undefined) {
      where.push('status = @status')
      params.status = filter.status
    }
    if (filter.source !== undefined) {
      where.push('source = @source')
      params.source = filter.source
    }
    const clause = where.join(' AND ')
    const total =
      this.sql<[Record<string, string | number>], { n: number }>(
        `SELECT count(*) AS n FROM entries WHERE ${clause}`,
      ).get(params)?.n ?? 0
    const entries = this.sql<[Record<string, string | number>], EntryRecord>(
      `SELECT ${ENTRY_COLUMNS} FROM entries WHERE ${clause} ORDER BY seq LIMIT @limit OFFSET @skip`,
    ).all(params)
    return { total, entries }
  }

  /** Every entry of a user (tests and the dev console read this directly). */
  allEntries(userId: string): EntryRecord[] {
    return this.sql<[string], EntryRecord>(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE user_id = ? ORDER BY seq`).all(
      userId,
    )
  }

  taskCount(userId: string): number {
    return this.sql<[string], { n: number }>('SELECT count(*) AS n FROM tasks WHERE user_id = ?').get(userId)?.n ?? 0
  }

  recall(userId: string, key: string): unknown | null {
    const row = this.sql<[string, string], { response: string }>(
      'SELECT response FROM idempotency WHERE user_id = ? AND key = ?',
    ).get(userId, key)
    return row ? (JSON.parse(row.response) as unknown) : null
  }

  remember(userId: string, key: string, response: unknown): void {
    this.sql('INSERT OR REPLACE INTO idempotency (user_id, key, response) VALUES (?, ?, ?)').run(
      userId,
      key,
      JSON.stringify(response),
    )
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

const ENTRY_COLUMNS =
  'id, user_id, started_at, ended_at, duration_minutes, status, source, activity_type, project_id, client_id, notes, context_data'
