// Issue #13 defect 5: when the core cannot start (damaged database, a schema from a newer app,
// a failed migration, a full disk) the app must say so instead of leaving a process with no
// tray, no window and the single-instance lock. This module turns the error into words and a
// choice; desktopApp shows it with Electron's dialog. The database is only ever renamed aside.
import { existsSync, renameSync } from 'node:fs'
import { MigrationError, NewerSchemaError } from '../store/database'
import { backupsDir, listBackups } from '../store/backups'
import { errorMessage } from '../../shared/errorMessage'
import { fileStamp } from '../../shared/isoTime'

export type StartupFailureKind =
  'damaged' | 'newer_schema' | 'migration_failed' | 'disk_full' | 'restore_in_progress' | 'cannot_open' | 'unknown'

export interface StartupFailure {
  kind: StartupFailureKind
  message: string
  detail: string
  /** moving the database aside and starting with an empty one may help */
  canStartFresh: boolean
}

export type StartupChoice = 'start_fresh' | 'quit'

/** The part of Electron's `dialog` this module uses. */
export interface StartupDialog {
  showMessageBoxSync(options: {
    type: 'error'
    title: string
    message: string
    detail: string
    buttons: string[]
    defaultId: number
    cancelId: number
    noLink: boolean
  }): number
}

export const START_FRESH_LABEL = 'Move Database Aside and Start Fresh'
export const QUIT_LABEL = 'Quit'

function causes(error: unknown): unknown[] {
  const chain: unknown[] = []
  for (let e = error; e !== undefined && e !== null && chain.length < 10; e = (e as { cause?: unknown }).cause)
    chain.push(e)
  return chain
}

const codeOf = (e: unknown) =>
  typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : ''

function kindOf(error: unknown): StartupFailureKind {
  const chain = causes(error)
  const codes = chain.map(codeOf)
  if (codes.some((c) => c === 'SQLITE_FULL' || c === 'ENOSPC' || c === 'EDQUOT')) return 'disk_full'
  if (codes.some((c) => c === 'SQLITE_NOTADB' || c.startsWith('SQLITE_CORRUPT'))) return 'damaged'
  if (chain.some((e) => e instanceof NewerSchemaError)) return 'newer_schema'
  if (chain.some((e) => e instanceof Error && e.name === 'RestoreInProgressError')) return 'restore_in_progress'
  if (chain.some((e) => e instanceof MigrationError)) return 'migration_failed'
  if (codes.some((c) => c.startsWith('SQLITE_CANTOPEN') || c === 'EACCES' || c === 'EPERM' || c === 'EROFS'))
    return 'cannot_open'
  if (chain.some((e) => e instanceof Error && /file is not a database|malformed/i.test(e.message))) return 'damaged'
  return 'unknown'
}

function backupsNote(dbPath: string): string {
  try {
    const backups = listBackups(dbPath)
    if (backups.length === 0) return ''
    return `\n\nVerified backups: ${backups.length} in ${backupsDir(dbPath)} (newest ${backups[0].created_at}); the CLI's "restore" command puts one back.`
  } catch {
    return ''
  }
}

export function describeStartupFailure(error: unknown, dbPath: string): StartupFailure {
  const kind = kindOf(error)
  const reason = `Database: ${dbPath}\n\nError: ${errorMessage(error)}${backupsNote(dbPath)}`
  switch (kind) {
    case 'damaged':
      return {
        kind,
        message: 'BillOps Tracker cannot start: its database is damaged.',
        detail: `The database file cannot be read. You can move it aside (it is renamed, not deleted, so it can still be recovered or restored from a backup) and start with an empty one, or quit.\n\n${reason}`,
        canStartFresh: true,
      }
    case 'newer_schema':
      return {
        kind,
        message: 'BillOps Tracker cannot start: its database was written by a newer version of the app.',
        detail: `Install the newer version of BillOps Tracker to keep using this data. You can also move the database aside (renamed, not deleted) and start with an empty one, or quit.\n\n${reason}`,
        canStartFresh: true,
      }
    case 'migration_failed':
      return {
        kind,
        message: 'BillOps Tracker cannot start: updating its database to this version failed.',
        detail: `The update was rolled back and the database keeps its previous contents. Quit and report this problem, or move the database aside (renamed, not deleted) and start with an empty one.\n\n${reason}`,
        canStartFresh: true,
      }
    case 'disk_full':
      return {
        kind,
        message: 'BillOps Tracker cannot start: the disk is full.',
        detail: `Free some disk space, then start BillOps Tracker again.\n\n${reason}`,
        canStartFresh: false,
      }
    case 'restore_in_progress':
      return {
        kind,
        message: 'BillOps Tracker cannot start: its database is being restored from a backup.',
        detail: `Start the app again when the restore has finished.\n\n${reason}`,
        canStartFresh: false,
      }
    case 'cannot_open':
      return {
        kind,
        message: 'BillOps Tracker cannot start: it cannot open its database.',
        detail: `Check that the folder exists and that you may write to it, then start the app again.\n\n${reason}`,
        canStartFresh: false,
      }
    default:
      return {
        kind,
        message: 'BillOps Tracker could not start.',
        detail: `Quit and start it again; if this keeps happening, report the error below.\n\n${reason}`,
        canStartFresh: false,
      }
  }
}

/** Shows the failure; returns what the user chose (closing the dialog means Quit). */
export function askAboutStartupFailure(dialog: StartupDialog, failure: StartupFailure): StartupChoice {
  const buttons = failure.canStartFresh ? [START_FRESH_LABEL, QUIT_LABEL] : [QUIT_LABEL]
  const quitId = buttons.indexOf(QUIT_LABEL)
  const response = dialog.showMessageBoxSync({
    type: 'error',
    title: 'BillOps Tracker',
    message: failure.message,
    detail: failure.detail,
    buttons,
    defaultId: quitId,
    cancelId: quitId,
    noLink: true,
  })
  return buttons[response] === START_FRESH_LABEL ? 'start_fresh' : 'quit'
}

/**
 * Renames the database and its WAL/SHM files to `<db>.broken-<time>` (never deletes them).
 * Returns the new path of the main file.
 */
export function moveDatabaseAside(dbPath: string, now: Date = new Date()): string {
  const stamp = fileStamp(now.getTime())
  let target = `${dbPath}.broken-${stamp}`
  for (let n = 2; existsSync(target); n++) target = `${dbPath}.broken-${stamp}-${n}`
  // WAL and SHM first: a main file without its WAL next to it must not pick up a stale one.
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(dbPath + suffix)) renameSync(dbPath + suffix, target + suffix)
  }
  if (existsSync(dbPath)) renameSync(dbPath, target)
  return target
}
