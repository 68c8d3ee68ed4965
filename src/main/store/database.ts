// Opens the local SQLite store: WAL, foreign keys, migrations. One writer (the main process).
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { dirname } from 'node:path'
import { migrations as allMigrations, type Migration } from './migrations'
import { errorMessage } from '../../shared/errorMessage'
import { makeFilePrivate, makeParentDirs } from '../base/privateFiles'
import { backupBeforeMigration } from './backups'
import { DEFAULT_HOLDER, holdDatabase, type DatabaseHolder } from './dbHolders'
import { recoverInterruptedRestore, type RestoreRecovery } from './restore'
import { registerSignalKinds } from './signalKinds'

/** The raw better-sqlite3 connection: only store/ (and migrations) see it. */
export type { Database }

declare const readBrand: unique symbol
declare const writeBrand: unique symbol
/**
 * A handle that store functions may only read through (Signal Desktop's ReadableDB/WritableDB):
 * a function typed to take it is a reader, and the type checker keeps it from being handed to a
 * writer. Brands cost nothing at run time; the value is the same connection.
 */
export type ReadableDB = Database & { readonly [readBrand]: true }
/** A handle store functions may also write through; every WritableDB is a ReadableDB. */
export type WritableDB = ReadableDB & { readonly [writeBrand]: true }

export interface OpenDatabaseOptions {
  /** A prebuilt better-sqlite3 binary for another ABI (the Electron build of the addon). */
  nativeBinding?: string
  migrations?: readonly Migration[]
  /** take a verified backup (store/backups.ts) before migrating a file that has data; default true */
  backupBeforeMigrating?: boolean
  /** who holds the database while it is open, named by a refused restore (store/dbHolders.ts) */
  holder?: DatabaseHolder
  /** told when a restore that was killed part-way had to be finished or rolled back */
  onRestoreRecovered?: (outcome: RestoreRecovery) => void
}

const releases = new WeakMap<Database, () => void>()

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

export function openDatabase(path: string, options: OpenDatabaseOptions = {}): WritableDB {
  if (path !== ':memory:') makeParentDirs(dirname(path))
  // Registered before looking for a restore marker: a restore that starts now sees us (restore.ts).
  // A folder we cannot write the holder file in will not take the database either.
  let release: () => void
  try {
    release = holdDatabase(path, options.holder ?? DEFAULT_HOLDER)
  } catch (error) {
    throw new DatabaseOpenError(path, error)
  }
  let db: Database
  try {
    // A restore still running refuses; one that was killed part-way is finished or rolled back.
    const recovered = recoverInterruptedRestore(
      path,
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
    )
    if (recovered !== 'none') options.onRestoreRecovered?.(recovered)
  } catch (error) {
    release()
    throw error
  }
  try {
    db = new BetterSqlite3(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
    // Private before SQLite creates the WAL and SHM: they take the database file's mode.
    if (path !== ':memory:') makeFilePrivate(path)
    db.pragma('journal_mode = WAL')
    // NORMAL in WAL mode is durable against application crashes (what SIGKILL tests) and loses
    // at most the last commits on power loss; FULL would fsync every 5 s flush for little gain.
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
  } catch (error) {
    release()
    throw new DatabaseOpenError(path, error)
  }
  for (const suffix of ['-wal', '-shm']) if (path !== ':memory:') makeFilePrivate(path + suffix)
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
    release()
    throw error
  }
  releases.set(db, release)
  return db as WritableDB
}

/** The schema this app writes: a database (or backup) above it was written by a newer app. */
export const latestSchemaVersion = (): number => allMigrations.at(-1)?.version ?? 0

export function schemaVersion(db: ReadableDB | Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

export function migrate(db: Database, migrations: readonly Migration[]): void {
  // A migration listed out of order would be skipped for good once a later one has run.
  migrations.forEach((m, i) => {
    if (i > 0 && m.version <= migrations[i - 1].version)
      throw new Error(`migration ${m.version} (${m.name}) is listed out of order`)
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
  // The registry's signal kinds are data, not schema (0015): types added since the file was
  // written are registered here, so they need no migration.
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'signal_kinds'").get())
    registerSignalKinds(db)
}

export function closeDatabase(db: WritableDB): void {
  if (db.open) {
    db.pragma('optimize')
    db.close()
  }
  releases.get(db)?.()
  releases.delete(db)
}
