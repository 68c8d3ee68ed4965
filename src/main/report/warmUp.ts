// The app sums the last year's report days some seconds after start (after start-up's own work),
// so the first Reports view of a session reads summed days. After an install, an upgrade or a
// move to another time zone none are summed yet; later changes drop only the days they touch.
import type { Logger } from '../base/logger'
import type { ReportService } from './reportService'

/** Returns a cancel function (the app may quit first). */
export function scheduleReportWarmUp(
  reports: Pick<ReportService, 'warm'>,
  logger: Logger,
  options: { delayMs: number; timeZone: string },
): () => void {
  const timer = setTimeout(() => {
    reports
      .warm(options.timeZone)
      .catch((error: unknown) =>
        logger.warn('could not sum the report days ahead; reports will sum them when shown', String(error)),
      )
  }, options.delayMs)
  timer.unref?.()
  return () => clearTimeout(timer)
}
