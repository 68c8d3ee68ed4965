// Restoring a backup over the database (`billops restore`, Settings → Restore…).
//
// - Nobody may hold the database (store/dbHolders.ts): the app, `billops capture` or `sync`
//   writing to it would put their rows in the file renamed aside, lost from the restored one.
//   The marker is created before the holders are looked at, and holders register before they
//   look for a marker: of a restore and an opening that race, at least one sees the other.
// - The backup is copied beside the database and verified, and a backup from a newer schema is
//   refused, before anything is replaced.
// - The replaced database is renamed to `<db>.before-restore-<time>`, never deleted.
// - A restore killed part-way is recovered by the next opening (recoverInterruptedRestore):
//   before the swap it is rolled back (the database was never touched), during it it is finished
//   (the copy was verified) or, when the copy is gone, the old database is put back.
import BetterSqlite3 from 'better-sqlite3'
import { existsSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { makeFilePrivate, makeParentDirs } from '../base/privateFiles'
import { BackupVerificationError, removeQuietly, verifyBackup } from './backups'
import { DatabaseInUseError, liveHolders, processRuns } from './dbHolders'
import { fileStamp } from '../../shared/isoTime'
import {
  createRestoreMarker,
  readRestoreMarker,
  removeStaleMarkerDrafts,
  removeRestoreMarker,
  RestoreInProgressError,
  restoreIncomingPath,
  updateRestoreMarker,
  type RestoreMarker,
} from './restoreMarker'

/** The backup was written by a newer app: restoring it would leave a database this app cannot open. */
export class BackupFromNewerSchemaError extends Error {
  constructor(path: string, found: number, latest: number) {
    super(
      `backup ${path} has schema ${found}, newer than this app understands (${latest}); restore it with a newer BillOps Tracker, or choose an older backup`,
    )
    this.name = 'BackupFromNewerSchemaError'
  }
}

export type RestoreRecovery = 'none' | 'rolled back' | 'finished' | 'put back'

const WAL_FILES = ['-wal', '-shm'] as const

function moveDatabase(from: string, to: string): void {
  // WAL and SHM first: a database must never meet another database's WAL.
  for (const suffix of WAL_FILES) if (existsSync(from + suffix)) renameSync(from + suffix, to + suffix)
  renameSync(from, to)
}

/**
 * Finishes or rolls back a restore that stopped part-way (killed, crashed, power lost), so the
 * database can be opened; never blocks for good. Throws RestoreInProgressError only while the
 * restoring process still runs. `ownRestore`: called by the restore itself after a failure.
 */
export function recoverInterruptedRestore(
  dbPath: string,
  options: { ownRestore?: boolean; nativeBinding?: string } = {},
): RestoreRecovery {
  if (dbPath === ':memory:') return 'none'
  removeStaleMarkerDrafts(dbPath, processRuns)
  const found = readRestoreMarker(dbPath)
  if (found === null) return 'none'
  // An unreadable marker is an older version's (empty): treated as a restore before its swap.
  const marker: Pick<RestoreMarker, 'phase' | 'kept_as'> & { pid?: number } =
    found === 'unreadable' ? { phase: 'copying', kept_as: null } : found
  if (!options.ownRestore && marker.pid !== undefined && processRuns(marker.pid))
    throw new RestoreInProgressError(dbPath, marker.pid)
  const incoming = restoreIncomingPath(dbPath)
  let outcome: RestoreRecovery = 'rolled back'
  if (marker.phase === 'swapping' && !existsSync(dbPath)) {
    let usable = existsSync(incoming)
    if (usable) {
      try {
        verifyBackup(incoming, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {})
      } catch {
        usable = false
      }
    }
    if (usable) {
      renameSync(incoming, dbPath)
      outcome = 'finished'
    } else if (marker.kept_as && existsSync(marker.kept_as)) {
      moveDatabase(marker.kept_as, dbPath)
      outcome = 'put back'
    }
  } else if (marker.phase === 'swapping') {
    outcome = 'finished'
  }
  removeQuietly(incoming)
  removeRestoreMarker(dbPath)
  return outcome
}

function schemaOf(path: string, binding: { nativeBinding?: string }): number {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true, ...binding })
  try {
    return db.pragma('user_version', { simple: true }) as number
  } finally {
    db.close()
  }
}

/**
 * Replaces the database with a verified copy of `fromPath` (copied with the online backup API, so
 * a WAL-mode source is copied whole). Refuses while anyone holds the database, and a backup whose
 * schema is above `latestSchema` (latestSchemaVersion() of store/database.ts). Returns where the
 * replaced database was kept (null when there was none).
 */
export async function restoreDatabase(
  dbPath: string,
  fromPath: string,
  options: { latestSchema: number; nowMs?: number; nativeBinding?: string },
): Promise<string | null> {
  const nowMs = options.nowMs ?? Date.now()
  const binding = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
  if (!existsSync(fromPath)) throw new BackupVerificationError(fromPath, 'no such file')
  makeParentDirs(dirname(dbPath))
  // A marker left by a restore that died is recovered first; a live one refuses.
  recoverInterruptedRestore(dbPath, binding)
  const marker: RestoreMarker = {
    pid: process.pid,
    from: fromPath,
    started_at: new Date(nowMs).toISOString(),
    phase: 'copying',
    kept_as: null,
  }
  if (!createRestoreMarker(dbPath, marker)) throw new RestoreInProgressError(dbPath)
  const incoming = restoreIncomingPath(dbPath)
  try {
    const holders = liveHolders(dbPath)
    if (holders.length > 0) throw new DatabaseInUseError(dbPath, holders)
    removeQuietly(incoming)
    const source = new BetterSqlite3(fromPath, { readonly: true, fileMustExist: true, ...binding })
    try {
      await source.backup(incoming)
    } finally {
      source.close()
    }
    makeFilePrivate(incoming)
    verifyBackup(incoming, binding)
    const found = schemaOf(incoming, binding)
    if (found > options.latestSchema) throw new BackupFromNewerSchemaError(fromPath, found, options.latestSchema)
    const keptAs = existsSync(dbPath) ? `${dbPath}.before-restore-${fileStamp(nowMs)}` : null
    updateRestoreMarker(dbPath, { ...marker, phase: 'swapping', kept_as: keptAs })
    if (keptAs) moveDatabase(dbPath, keptAs)
    renameSync(incoming, dbPath)
    return keptAs
  } finally {
    // Done: removes the marker. Failed: rolls back (or finishes a swap whose copy is sound).
    recoverInterruptedRestore(dbPath, { ...binding, ownRestore: true })
  }
}
