// Backups and diagnostics for Settings: list the verified backups, restore one (the shell does
// the closing, restoring and restarting), and a diagnostics text for bug reports.
import { basename } from 'node:path'
import type { AppStatus } from '../../shared/contract'
import { AppError } from '../base/appError'
import { scrubLogText } from '../base/fileLog'
import { backupsDir, listBackups } from '../store/backups'
import type { Handlers } from './dispatcher'

type MaintenanceMethods = 'backups.list' | 'backups.restore' | 'app.getDiagnostics'

export interface MaintenanceDeps {
  dbPath: string
  status(): AppStatus
  /** sync state for diagnostics (server, token set or not, counts, last result: no secrets) */
  syncStatus(): Promise<unknown>
  /** the last lines of the log file; none when the app writes no log file */
  logTail?: (lines: number) => string[]
  /** closes the database, restores the backup at this path, restarts; the shell provides it */
  restoreBackup?: (path: string) => void
  platform?: { os: string; release: string; arch: string; runtime: string }
}

export const DIAGNOSTICS_LOG_LINES = 200

export function createMaintenanceHandlers(deps: MaintenanceDeps): Pick<Handlers, MaintenanceMethods> {
  const onDisk = deps.dbPath !== ':memory:'
  return {
    'backups.list': () => ({
      folder: onDisk ? backupsDir(deps.dbPath) : '',
      backups: onDisk
        ? listBackups(deps.dbPath).map((b) => ({
            name: basename(b.path),
            kind: b.kind,
            created_at: b.created_at,
            bytes: b.bytes,
          }))
        : [],
    }),
    'backups.restore': ({ name }) => {
      if (!deps.restoreBackup)
        throw new AppError('unavailable', 'restoring from here needs the desktop app; use `cli restore`')
      const backup = onDisk ? listBackups(deps.dbPath).find((b) => basename(b.path) === name) : undefined
      if (!backup) throw new AppError('not_found', `no backup named ${name}`)
      deps.restoreBackup(backup.path)
      return { restarting: true }
    },
    'app.getDiagnostics': async () => {
      const status = deps.status()
      let sync: unknown
      try {
        sync = await deps.syncStatus()
      } catch (error) {
        sync = { error: error instanceof Error ? error.message : String(error) }
      }
      const last = onDisk ? (listBackups(deps.dbPath)[0] ?? null) : null
      const platform = deps.platform ?? {
        os: process.platform,
        release: '',
        arch: process.arch,
        runtime: `node ${process.versions.node}`,
      }
      const lines = deps.logTail?.(DIAGNOSTICS_LOG_LINES) ?? []
      const text = [
        `BillOps Tracker ${status.version}`,
        `OS: ${platform.os} ${platform.release} (${platform.arch}); ${platform.runtime}`,
        `Tracking: ${status.tracking.mode}${status.tracking.paused_until ? ` until ${status.tracking.paused_until}` : ''}; ${status.pending_count} to review`,
        'Capture health:',
        ...status.capture_health.map((h) => `  ${h.source}: ${h.state}${h.reason ? ` (${h.reason})` : ''}`),
        `Sync: ${JSON.stringify(sync)}`,
        `Last backup: ${last ? `${last.created_at} (${last.kind})` : 'none'}`,
        `Log (last ${lines.length} lines):`,
        ...lines,
      ].join('\n')
      // Meant to be pasted into a bug report: the same scrub as the log file (an error message in
      // the sync result may echo a header or a query string).
      return { text: scrubLogText(text) }
    },
  }
}
