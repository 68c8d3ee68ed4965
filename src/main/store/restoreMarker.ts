// The marker a restore keeps beside the database (`<db>.restoring`) while it replaces it: who is
// restoring (pid) and how far it got, so the next start can finish or roll back a restore that
// was killed part-way (store/restore.ts) instead of refusing to start for good.
import { existsSync, linkSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { writePrivateFile } from '../base/privateFiles'

export const RestoreMarker = z.object({
  pid: z.number().int().positive(),
  from: z.string(),
  started_at: z.string(),
  /** copying: the backup is being copied beside the database, which is untouched;
   * swapping: the copy is verified and the database is being renamed aside for it */
  phase: z.enum(['copying', 'swapping']),
  /** where the replaced database goes (swapping) */
  kept_as: z.string().nullable(),
})
export type RestoreMarker = z.infer<typeof RestoreMarker>

export const restoreMarkerPath = (dbPath: string): string => `${dbPath}.restoring`
/** where the backup is copied before it replaces the database */
export const restoreIncomingPath = (dbPath: string): string => `${dbPath}.restore-partial`

export class RestoreInProgressError extends Error {
  constructor(dbPath: string, pid?: number) {
    super(
      `database ${dbPath} is being restored from a backup${pid === undefined ? '' : ` by pid ${pid}`} (${restoreMarkerPath(dbPath)} exists); try again when the restore has finished`,
    )
    this.name = 'RestoreInProgressError'
  }
}

/** The marker, null when there is none, 'unreadable' when it is empty or not ours (an older version's). */
export function readRestoreMarker(dbPath: string): RestoreMarker | 'unreadable' | null {
  let text: string
  try {
    text = readFileSync(restoreMarkerPath(dbPath), 'utf8')
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return null
    throw error
  }
  try {
    const parsed = RestoreMarker.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

/** Where a marker is written before it is linked into place (one per restoring process). */
const asidePath = (dbPath: string, pid: number) => `${restoreMarkerPath(dbPath)}.${pid}.new`

/** Marker drafts of processes that no longer run: a restore killed between writing its draft and
 * removing it leaves one behind (`<db>.restoring.<pid>.new`). */
export function removeStaleMarkerDrafts(dbPath: string, runs: (pid: number) => boolean): void {
  const prefix = `${basename(restoreMarkerPath(dbPath))}.`
  let names: string[]
  try {
    names = readdirSync(dirname(dbPath))
  } catch {
    return
  }
  for (const name of names) {
    const pid =
      name.startsWith(prefix) && name.endsWith('.new') ? Number(name.slice(prefix.length, -'.new'.length)) : Number.NaN
    if (Number.isInteger(pid) && pid > 0 && !runs(pid)) rmSync(join(dirname(dbPath), name), { force: true })
  }
}

/** Creates the marker, whole or not at all (written aside, then linked: fails when one exists). */
export function createRestoreMarker(dbPath: string, marker: RestoreMarker): boolean {
  const aside = asidePath(dbPath, process.pid)
  writePrivateFile(aside, JSON.stringify(marker))
  try {
    linkSync(aside, restoreMarkerPath(dbPath))
    return true
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error
    // No hard links (FAT, exFAT): created exclusively, then written (a kill in between leaves an
    // empty marker, which the next opening treats as a restore that never started).
    try {
      writeFileSync(restoreMarkerPath(dbPath), JSON.stringify(marker), { flag: 'wx', mode: 0o600 })
      return true
    } catch (fallback) {
      if ((fallback as { code?: string }).code === 'EEXIST') return false
      throw fallback
    }
  } finally {
    rmSync(aside, { force: true })
  }
}

/** Replaces the marker atomically (a kill leaves the old or the new one, never half of one). */
export function updateRestoreMarker(dbPath: string, marker: RestoreMarker): void {
  writePrivateFile(restoreMarkerPath(dbPath), JSON.stringify(marker))
}

export const removeRestoreMarker = (dbPath: string): void => rmSync(restoreMarkerPath(dbPath), { force: true })

/** Throws while a marker exists (backups refuse a database in the middle of a restore). */
export function assertNotRestoring(dbPath: string): void {
  if (dbPath !== ':memory:' && existsSync(restoreMarkerPath(dbPath))) throw new RestoreInProgressError(dbPath)
}
