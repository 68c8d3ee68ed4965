// Opens the local SQLite store: WAL, foreign keys, migrations. One writer (the main process).
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrations as allMigrations, type Migration } from './migrations'
import { errorMessage } from '../../shared/errorMessage'
import { assertNotRestoring, backupBeforeMigration } from './backups'

export type { Database }

export interface OpenDatabaseOptions {
  /** A prebuilt better-sqlite3 binary for another ABI (the Electron build of the addon). */
  nativeBinding?: string
  migrations?: readonly Migration[]
  /** take a verified backup (store/backups.ts) before migrating a file that has data; default true */
  backupBeforeMigrating?: boolean
}

export class DatabaseOpenError extends Error {
  constructor(path: string, cause: unknown) {
    super(`cannot open database ${path}: ${errorMessage(cause)}`, { cause })
    this.name = 'DatabaseOpenError'
  }
}

/** The file was written by a newer app (user_version above our last migration): never touched. */
export class NewerSchemaError extends Error {
  constructor(
    readonly found: number,
    readonly latest: number,
  ) {
    super(`database schema ${found} is newer than this app understands (${latest}); update the app`)
    this.name = 'NewerSchemaError'
  }
}

/** A migration threw; its transaction was rolled back, the file keeps the previous schema. */
export class MigrationError extends Error {
  constructor(version: number, migrationName: string, cause: unknown) {
    super(`migration ${version} (${migrationName}) failed: ${errorMessage(cause)}`, { cause })
    this.name = 'MigrationError'
  }
}

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  // A database being restored (`cli restore`) is not opened until the restore has finished.
  assertNotRestoring(path)
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
  try {
    const migrations = options.migrations ?? allMigrations
    const current = schemaVersion(db)
    const latest = migrations.at(-1)?.version ?? 0
    if (path !== ':memory:' && options.backupBeforeMigrating !== false && current > 0 && current < latest) {
      backupBeforeMigration(db, path, current, latest)
    }
    migrate(db, migrations)
  } catch (error) {
    // Leave no handle open on a file the caller may want to move aside.
    db.close()
    throw error
  }
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
    throw new NewerSchemaError(current, latest)
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue
    try {
      db.transaction(() => {
        migration.up(db)
        db.pragma(`user_version = ${migration.version}`)
      })()
    } catch (error) {
      throw new MigrationError(migration.version, migration.name, error)
    }
  }
}

export function closeDatabase(db: Database): void {
  if (!db.open) return
  db.pragma('optimize')
  db.close()
}
