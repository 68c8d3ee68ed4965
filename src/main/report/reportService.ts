// Reports over the store: checks the range, loads it once, and hands it to the one pure
// aggregation (src/shared/report). The API handlers and `billops report` both come through here.
import {
  MAX_REPORT_DAYS,
  type Report,
  type ReportEntry,
  type ReportEntryFilter,
  type ReportExportFormat,
  type ReportRange,
  type ReportRequest,
} from '../../shared/contract/reports'
import type { Settings } from '../../shared/domain'
import { buildReport, reportEntries } from '../../shared/report/aggregate'
import { entriesCsv, reportHtml, reportJson, totalsCsv } from '../../shared/report/render'
import { assertTimeZone, daysBetween, isDayKey } from '../../shared/report/zonedDays'
import { AppError } from '../base/appError'
import type { Database } from '../store/database'
import { loadReportInput } from './reportStore'

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
const SUFFIX: Record<ReportExportFormat, string> = { json: '.json', html: '.html', csv_totals: '-totals.csv', csv_entries: '-entries.csv' }

/** Bad ranges are the caller's mistake: `invalid_input` with what is wrong. */
export function checkRange(range: ReportRange): void {
  if (!isDayKey(range.from) || !isDayKey(range.to)) throw new AppError('invalid_input', `not a real day: ${isDayKey(range.from) ? range.to : range.from}`)
  if (range.from > range.to) throw new AppError('invalid_input', `the range ends (${range.to}) before it starts (${range.from})`)
  if (daysBetween(range.from, range.to).length > MAX_REPORT_DAYS) throw new AppError('invalid_input', `a report covers at most ${MAX_REPORT_DAYS} days`)
  try {
    assertTimeZone(range.time_zone)
  } catch (error) {
    throw new AppError('invalid_input', (error as Error).message)
  }
}

export interface ReportService {
  report(request: ReportRequest): Report
  entries(range: ReportRange, filter: ReportEntryFilter): ReportEntry[]
  /** `onRead` hears how many entries the range holds once they are read (the CLI's progress) */
  file(request: ReportRequest, format: ReportExportFormat, onRead?: (entries: number) => void): ReportFile
}

export function createReportService(deps: { db: Database; settings: () => Settings }): ReportService {
  const load = ({ from, to, time_zone }: ReportRange, onRead?: (entries: number) => void) => {
    const range = { from, to, time_zone }
    checkRange(range)
    const input = loadReportInput(deps.db, deps.settings(), range)
    onRead?.(input.entries.length)
    return input
  }
  const service: ReportService = {
    report: (request) => buildReport(load(request), request.by),
    entries: (range, filter) => reportEntries(load(range), filter),
    file(request, format, onRead) {
      const file_name = `billops-report-${request.from}-to-${request.to}${SUFFIX[format]}`
      const input = load(request, onRead)
      const text =
        format === 'csv_entries'
          ? entriesCsv(reportEntries(input, {}))
          : format === 'csv_totals'
            ? totalsCsv(buildReport(input, request.by))
            : format === 'html'
              ? reportHtml(buildReport(input, request.by))
              : reportJson(buildReport(input, request.by))
      return { file_name, mime_type: MIME[format], text }
    },
  }
  return service
}
