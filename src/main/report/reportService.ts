// Reports over the store: checks the range, sums it from the day cache (filling the days it lacks
// from the entries) with the one pure aggregation (src/shared/report). The API handlers and
// `billops report` both come through here.
import {
  MAX_REPORT_DAYS,
  type Report,
  type ReportEntry,
  type ReportEntryFilter,
  type ReportExportFormat,
  type ReportRange,
  type ReportRequest,
} from '../../shared/contract/report'
import type { Settings } from '../../shared/domain'
import { dayShares, issuesOf, summarizeReport, type ReportSummaryInput } from '../../shared/report/aggregate'
import { entriesCsv, reportHtml, reportJson, totalsCsv } from '../../shared/report/render'
import { addDays, assertTimeZone, daysBetween, dayKeyOf, isDayKey } from '../../shared/report/zonedDays'
import { AppError } from '../base/appError'
import type { WritableDB } from '../store/database'
import { fillDays, fillDaysGently, readCachedDays } from '../store/reportDays'
import { incrementsOf, loadIssues, loadNames, loadReportInput } from '../store/reports'
import { inTransaction } from '../store/transaction'
import { reportEntries } from '../../shared/report/drillDown'

export interface ReportFile {
  file_name: string
  mime_type: string
  text: string
}

const MIME: Record<ReportExportFormat, string> = {
  json: 'application/json',
  html: 'text/html',
  csv_totals: 'text/csv',
  csv_entries: 'text/csv',
}
const SUFFIX: Record<ReportExportFormat, string> = {
  json: '.json',
  html: '.html',
  csv_totals: '-totals.csv',
  csv_entries: '-entries.csv',
}

/** Bad ranges are the caller's mistake: `invalid_input` with what is wrong. */
export function checkRange(range: ReportRange): void {
  if (!isDayKey(range.from) || !isDayKey(range.to))
    throw new AppError('invalid_input', `not a real day: ${isDayKey(range.from) ? range.to : range.from}`)
  if (range.from > range.to)
    throw new AppError('invalid_input', `the range ends (${range.to}) before it starts (${range.from})`)
  if (daysBetween(range.from, range.to).length > MAX_REPORT_DAYS)
    throw new AppError('invalid_input', `a report covers at most ${MAX_REPORT_DAYS} days`)
  try {
    assertTimeZone(range.time_zone)
  } catch (error) {
    throw new AppError('invalid_input', (error as Error).message)
  }
}

export interface ReportService {
  report(request: ReportRequest, onProgress?: ReportProgress): Report
  entries(range: ReportRange, filter: ReportEntryFilter, order?: 'time' | 'longest'): ReportEntry[]
  file(request: ReportRequest, format: ReportExportFormat, onProgress?: ReportProgress): ReportFile
  /**
   * Fills the cache for the last MAX_REPORT_DAYS days of `time_zone` a week at a time, yielding
   * between weeks: the app calls it after start so the first report it shows is already summed.
   */
  warm(time_zone: string): Promise<void>
}

/** Days of the range computed from the entries so far, of `total` that were not cached (the CLI's progress). */
export type ReportProgress = (filled: number, total: number) => void

/** A report whose days keep being dropped by changes this many times is summed from the entries directly. */
const FILL_ATTEMPTS = 3
const WARM_RUN_DAYS = 7

export function createReportService(deps: {
  db: WritableDB
  settings: () => Settings
  now?: () => number
}): ReportService {
  const { db } = deps
  const now = deps.now ?? Date.now

  /** Everything the report is summed from, read in one transaction so shares and issues agree. */
  function summaryInput(range: ReportRange, onProgress?: ReportProgress): ReportSummaryInput {
    for (let attempt = 0; attempt < FILL_ATTEMPTS; attempt++) {
      const read = inTransaction(db, () => {
        const { shares, missing } = readCachedDays(db, range)
        if (missing.length > 0) return { missing }
        const names = loadNames(db)
        const input: ReportSummaryInput = {
          range,
          shares: [...shares.values()].flat(),
          issues: loadIssues(db, range, names),
          ...names,
          ...incrementsOf(deps.settings()),
        }
        return { input }
      })
      if (read.input) return read.input
      // days changed (or were never summed) since they were cached: sum them, then read again
      fillDays(
        db,
        deps.settings(),
        range.time_zone,
        read.missing,
        now(),
        onProgress && ((filled) => onProgress(filled, read.missing.length)),
      )
    }
    // the entries keep changing under the report: sum them straight, as the cache would have
    const input = loadReportInput(db, deps.settings(), range)
    return { ...input, shares: dayShares(input), issues: issuesOf(input) }
  }

  const checked = ({ from, to, time_zone }: ReportRange): ReportRange => {
    const range = { from, to, time_zone }
    checkRange(range)
    return range
  }
  const service: ReportService = {
    report: (request, onProgress) => summarizeReport(summaryInput(checked(request), onProgress), request.by),
    entries(range, filter, order) {
      // a day's (or a week's) entries are all its drill-down needs: read only those days of the range
      const from = filter.day !== undefined && filter.day > range.from ? filter.day : range.from
      const until = filter.day !== undefined ? (filter.until ?? filter.day) : range.to
      const to = until < range.to ? until : range.to
      const narrowed = from <= to ? { ...range, from, to } : range
      return reportEntries(loadReportInput(db, deps.settings(), checked(narrowed)), filter, order)
    },
    file(request, format, onProgress) {
      const file_name = `billops-report-${request.from}-to-${request.to}${SUFFIX[format]}`
      if (format === 'csv_entries')
        return { file_name, mime_type: MIME[format], text: entriesCsv(service.entries(request, {})) }
      const report = service.report(request, onProgress)
      const text =
        format === 'csv_totals' ? totalsCsv(report) : format === 'html' ? reportHtml(report) : reportJson(report)
      return { file_name, mime_type: MIME[format], text }
    },
    async warm(time_zone) {
      const today = dayKeyOf(now(), time_zone)
      const range = checked({ from: addDays(today, 1 - MAX_REPORT_DAYS), to: today, time_zone })
      const { missing } = readCachedDays(db, range)
      await fillDaysGently(
        db,
        deps.settings(),
        time_zone,
        missing,
        now,
        WARM_RUN_DAYS,
        () => new Promise((resolve) => setImmediate(resolve)),
      )
    },
  }
  return service
}
