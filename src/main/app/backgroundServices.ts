// The background work that is not a feature's own object (the store's daily backups, the report
// warm-up timer) in the one service shape, so createCore lists every service side by side.
import { errorMessage } from '../../shared/errorMessage'
import type { Clock } from '../base/clock'
import type { Logger } from '../base/logger'
import type { BackgroundService } from '../base/service'
import { scheduleReportWarmUp } from '../report/warmUp'
import type { ReportService } from '../report/reportService'
import { startDailyBackups } from '../store/backups'
import type { WritableDB } from '../store/database'

/** how often the app looks for new signals to suggest from */
export const SUGGEST_INTERVAL_MS = 5_000

/** A verified backup a day beside the database (the 7 newest kept; see store/backups.ts). */
export function dailyBackupService(db: WritableDB, dbPath: string, clock: Clock, logger: Logger): BackgroundService {
  let running: ReturnType<typeof startDailyBackups> | null = null
  return {
    name: 'backups',
    start() {
      running ??= startDailyBackups({
        db,
        dbPath,
        now: () => clock.now(),
        onError: (error) => logger.warn('daily backup failed', errorMessage(error)),
      })
    },
    async stop() {
      await running?.stop()
      running = null
    },
  }
}

/** The last year's report days summed `delayMs` after start (after start-up's own work). */
export function reportWarmUpService(
  reports: Pick<ReportService, 'warm'>,
  logger: Logger,
  delayMs: number,
): BackgroundService {
  let cancel: (() => void) | null = null
  return {
    name: 'report-warm-up',
    start() {
      cancel ??= scheduleReportWarmUp(reports, logger, {
        delayMs,
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      })
    },
    async stop() {
      cancel?.()
      cancel = null
    },
  }
}
