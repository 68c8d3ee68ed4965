// Opens the local SQLite store: WAL, foreign keys, migrations. One writer (the main process).
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrations as allMigrations, type Migration } from './migrations'
import { errorMessage } from '../../shared/errorMessage'

export type { Database }

export interface OpenDatabaseOptions {
  /** A prebuilt better-sqlite3 binary for another ABI (the Electron build of the addon). */
  nativeBinding?: string
  migrations?: readonly Migration[]
}

export class DatabaseOpenError extends Error {
  constructor(path: string, cause: unknown) {
    super(`cannot open database ${path}: ${errorMessage(cause)}`)
    this.name = 'DatabaseOpenError'
  }
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  let db: Database
  try {
    db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    db.pragma('journal_mode = WAL')
    // NORMAL in WAL mode is durable against application crashes (what SIGKILL tests) and loses
    // at most the last commits on power loss; FULL would fsync every 5 s flush for little gain.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
  } catch (error) {
    throw new DatabaseOpenError(path, error)
  }
  migrate(db, options.migrations ?? allMigrations)
  return db
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

export function migrate(db: Database, migrations: readonly Migration[]): void {
  // A migration listed out of order would be skipped for good once a later one has run.
  migrations.forEach((m, i) => {
    if (i > 0 && m.version <= migrations[i - 1].version) throw new Error(`migration ${m.version} (${m.name}) is listed out of order`)
  })
  const current = schemaVersion(db)
  const latest = migrations.at(-1)?.version ?? 0
  if (current > latest) {
    throw new Error(`database schema ${current} is newer than this app understands (${latest}); update the app`)
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
}

export function closeDatabase(db: Database): void {
  if (!db.open) return
  db.pragma('optimize')
  db.close()
}
