// A time database is confidential client information: everything the app and the CLI write
// (database, WAL/SHM, backups, logs, holder files, temporary report files) is readable by its
// owner only — files 0600, folders 0700 — whatever umask the user runs with.
//
// Two layers: the process umask is set to 077 at start (the app and the CLI), so files other
// code creates (SQLite's WAL and SHM, Chromium's files in userData) are private too; and the
// files we create ourselves get their mode explicitly, so library use (tests, other entries) and
// files an older version created 0644 are private as well. No-ops on Windows (ACLs, not modes).
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'

export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700
const posix = process.platform !== 'win32'

/** From now on, nothing this process creates is readable by others. */
export function restrictProcessUmask(): void {
  if (posix) process.umask(0o077)
}

/** Not ours to change: missing, another user's (the CLI pointed at it), on a read-only disk. */
const NOT_OURS = new Set(['ENOENT', 'EPERM', 'EACCES', 'EROFS'])

/** chmod, leaving alone what is not ours to change. */
function chmodOurs(path: string, mode: number): void {
  if (!posix) return
  try {
    chmodSync(path, mode)
  } catch (error) {
    if (!NOT_OURS.has((error as { code?: string }).code ?? '')) throw error
  }
}

/** A file of ours (created by us or by SQLite for us) made private; one we cannot change is left. */
export const makeFilePrivate = (path: string): void => chmodOurs(path, PRIVATE_FILE_MODE)

/** A folder of ours: created 0700 (with any missing parents), or made 0700 when it exists. */
export function makePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE })
  chmodOurs(path, PRIVATE_DIR_MODE)
}

/** Folders created for a file: only the ones that did not exist are made private (never /tmp). */
export function makeParentDirs(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/** Writes a file readable by its owner only, whole or not at all (written aside, then renamed). */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  const aside = `${path}.${process.pid}.tmp`
  writeFileSync(aside, data, { mode: PRIVATE_FILE_MODE })
  makeFilePrivate(aside)
  renameSync(aside, path)
}
