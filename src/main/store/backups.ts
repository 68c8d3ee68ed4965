// Verified backups of the local store (beside it, in `backups/`): before any migration runs,
// daily while the app runs, and on demand (`cli backup`). Each is checked with
// `PRAGMA integrity_check` before it counts; the 7 newest daily ones are kept, and backups taken
// before a migration (an app update) are never deleted. Backups are private files (0600, in a
// 0700 folder). Restoring one is store/restore.ts.
import BetterSqlite3, { type Database } from 'better-sqlite3'
import type { ReadableDB } from './database'
import { existsSync, linkSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { errorMessage } from '../../shared/errorMessage'
import { makeFilePrivate, makeParentDirs, makePrivateDir } from '../base/privateFiles'
import { assertNotRestoring } from './restoreMarker'
import { fileStamp } from '../../shared/isoTime'

export const DAILY_BACKUPS_KEPT = 7
export const DAILY_BACKUP_MS = 24 * 60 * 60 * 1000

export type BackupKind = 'daily' | 'pre-migration' | 'manual'

export interface BackupInfo {
  path: string
  kind: BackupKind
  /** ISO time the backup was taken (from its name) */
  created_at: string
  bytes: number
}

export class BackupVerificationError extends Error {
  constructor(path: string, problem: string) {
    super(`backup ${path} failed its integrity check: ${problem}`)
    this.name = 'BackupVerificationError'
  }
}

export class BackupExistsError extends Error {
  constructor(path: string) {
    super(`${path} already exists; choose another file, or add --force to replace it`)
    this.name = 'BackupExistsError'
  }
}

export const backupsDir = (dbPath: string): string => join(dirname(dbPath), 'backups')

const NAME = /^(.+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(daily|pre-migration|manual)(?:-[\w-]+)?\.db$/

function backupPath(dbPath: string, kind: BackupKind, nowMs: number, suffix = ''): string {
  const stem = basename(dbPath).replace(/\.db$/, '')
  return join(backupsDir(dbPath), `${stem}-${fileStamp(nowMs)}-${kind}${suffix}.db`)
}

/** Backups of this database, newest first. */
export function listBackups(dbPath: string): BackupInfo[] {
  const dir = backupsDir(dbPath)
  if (!existsSync(dir)) return []
  const stem = basename(dbPath).replace(/\.db$/, '')
  const found: BackupInfo[] = []
  for (const name of readdirSync(dir)) {
    const match = NAME.exec(name)
    if (!match || match[1] !== stem) continue
    const [date, time] = match[2].split('T')
    const created_at = `${date}T${time.slice(0, 2)}:${time.slice(3, 5)}:${time.slice(6, 8)}.${time.slice(9, 12)}Z`
    found.push({
      path: join(dir, name),
      kind: match[3] as BackupKind,
      created_at,
      bytes: statSync(join(dir, name)).size,
    })
  }
  return found.sort((a, b) => b.created_at.localeCompare(a.created_at))
}

export const lastBackup = (dbPath: string): BackupInfo | null => listBackups(dbPath)[0] ?? null

/**
 * Checks a backup file with `PRAGMA integrity_check` and leaves it a single self-contained file
 * (rollback journal, not WAL). Through `via` (an open connection: ATTACH, no second addon load)
 * or a connection of its own.
 */
export function verifyBackup(path: string, options: { via?: Database; nativeBinding?: string } = {}): void {
  let result: unknown[]
  try {
    if (options.via) {
      options.via.prepare('ATTACH DATABASE ? AS backup_check').run(path)
      try {
        options.via.pragma('backup_check.journal_mode = DELETE')
        result = options.via.pragma('backup_check.integrity_check') as unknown[]
      } finally {
        options.via.exec('DETACH DATABASE backup_check')
      }
    } else {
      const db = new BetterSqlite3(path, {
        fileMustExist: true,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      })
      try {
        db.pragma('journal_mode = DELETE')
        result = db.pragma('integrity_check') as unknown[]
      } finally {
        db.close()
      }
    }
  } catch (error) {
    throw new BackupVerificationError(path, errorMessage(error))
  }
  const problems = result.map((row) => Object.values(row as object)[0]).filter((v) => v !== 'ok')
  if (problems.length > 0 || result.length === 0)
    throw new BackupVerificationError(path, problems.slice(0, 5).join('; ') || 'no result')
}

export function removeQuietly(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) rmSync(file, { force: true })
}

/** Moves `from` to `to` unless `to` exists. A hard link fails if the name was taken meanwhile;
 * file systems without hard links (FAT and exFAT drives) get a check and a rename. */
function moveInWithoutReplacing(from: string, to: string): void {
  try {
    linkSync(from, to)
    return
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'EEXIST') throw new BackupExistsError(to)
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error
  }
  if (existsSync(to)) throw new BackupExistsError(to)
  renameSync(from, to)
}

/**
 * Online backup of an open database to `outPath` (written beside it, verified, then moved in).
 * Unless `replace`, an existing `outPath` is never overwritten (BackupExistsError).
 */
export async function backupTo(
  db: Database,
  outPath: string,
  options: { nativeBinding?: string; replace?: boolean } = {},
): Promise<void> {
  makeParentDirs(dirname(outPath))
  if (!options.replace && existsSync(outPath)) throw new BackupExistsError(outPath)
  const partial = `${outPath}.partial`
  removeQuietly(partial)
  try {
    await db.backup(partial)
    makeFilePrivate(partial)
    verifyBackup(partial, db.open ? { via: db } : options)
    if (options.replace) renameSync(partial, outPath)
    else moveInWithoutReplacing(partial, outPath)
  } finally {
    removeQuietly(partial)
  }
}

/**
 * Before migrations run: a synchronous online copy (`VACUUM INTO`; openDatabase is synchronous
 * and better-sqlite3's backup() is not), verified, kept for good (never rotated).
 */
export function backupBeforeMigration(
  db: Database,
  dbPath: string,
  from: number,
  to: number,
  nowMs: number = Date.now(),
): string {
  const outPath = backupPath(dbPath, 'pre-migration', nowMs, `-v${from}-to-v${to}`)
  makePrivateDir(dirname(outPath))
  const partial = `${outPath}.partial`
  removeQuietly(partial)
  try {
    db.prepare('VACUUM INTO ?').run(partial)
    makeFilePrivate(partial)
    verifyBackup(partial, { via: db })
    renameSync(partial, outPath)
  } finally {
    removeQuietly(partial)
  }
  return outPath
}

/** Keeps the newest `keep` daily backups; pre-migration and manual ones are never deleted. */
export function rotateBackups(dbPath: string, keep: number = DAILY_BACKUPS_KEPT): string[] {
  const old = listBackups(dbPath)
    .filter((b) => b.kind === 'daily')
    .slice(keep)
  for (const backup of old) rmSync(backup.path, { force: true })
  return old.map((b) => b.path)
}

/** Takes a verified backup of the given kind in the backups folder (daily ones are rotated). */
export async function takeBackup(
  db: ReadableDB,
  dbPath: string,
  kind: 'daily' | 'manual',
  nowMs: number = Date.now(),
): Promise<BackupInfo> {
  const outPath = backupPath(dbPath, kind, nowMs)
  makePrivateDir(dirname(outPath))
  await backupTo(db, outPath)
  if (kind === 'daily') rotateBackups(dbPath)
  return listBackups(dbPath).find((b) => b.path === outPath)!
}

export interface DailyBackupsOptions {
  db: ReadableDB
  dbPath: string
  now: () => number
  onError: (error: unknown) => void
  /** how often to check whether a day has passed since the last backup (default 1 h) */
  checkEveryMs?: number
  /** first check after this delay (default 60 s: not during start-up) */
  firstCheckMs?: number
}

/** While the app runs: a daily backup whenever the newest backup is a day old. */
export function startDailyBackups(options: DailyBackupsOptions): { stop(): Promise<void>; check(): Promise<void> } {
  let running: Promise<void> = Promise.resolve()
  let stopped = false
  const check = () => {
    running = running.then(async () => {
      if (stopped || !options.db.open) return
      try {
        const last = lastBackup(options.dbPath)
        if (last && options.now() - Date.parse(last.created_at) < DAILY_BACKUP_MS) return
        await takeBackup(options.db, options.dbPath, 'daily', options.now())
      } catch (error) {
        options.onError(error)
      }
    })
    return running
  }
  const first = setTimeout(() => void check(), options.firstCheckMs ?? 60_000)
  const timer = setInterval(() => void check(), options.checkEveryMs ?? 60 * 60 * 1000)
  first.unref?.()
  timer.unref?.()
  return {
    check,
    async stop() {
      stopped = true
      clearTimeout(first)
      clearInterval(timer)
      await running
    },
  }
}

/** `cli backup`: an online backup of a database file (not migrated, not changed) to outPath;
 * an existing outPath is replaced only with `replace` (`--force`). */
export async function backupFile(dbPath: string, outPath: string, options: { replace?: boolean } = {}): Promise<void> {
  assertNotRestoring(dbPath)
  if (!options.replace && existsSync(outPath)) throw new BackupExistsError(outPath)
  const db = new BetterSqlite3(dbPath, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    await backupTo(db, outPath, options)
  } finally {
    db.close()
  }
}
