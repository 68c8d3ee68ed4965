import { z } from 'zod'
import { ReportGrouping, type ReportExportFormat } from '../../../shared/contract/reports'
import { AppError } from '../../base/appError'
import { createReportService } from '../../report/reportService'
import { closeDatabase, openDatabase } from '../../store/database'
import { createSettingsStore } from '../../store/settings'
import { startProgress } from '../progress'
import { parseCommandArgs, requireOption, UsageError, type CliCommand } from '../command'

const Options = z.object({
  by: ReportGrouping,
  format: z.enum(['csv', 'json', 'html']),
  what: z.enum(['totals', 'entries']),
})

const FORMATS: Record<string, ReportExportFormat> = { json: 'json', html: 'html', 'csv:totals': 'csv_totals', 'csv:entries': 'csv_entries' }

/** The same report as the Reports view (one aggregation), written to stdout. */
export const reportCommand: CliCommand = {
  name: 'report',
  usage:
    'report --db FILE --from YYYY-MM-DD --to YYYY-MM-DD (both days included) [--by client|project|day|activity (default: project)] [--format csv|json|html (default: json)] [--what totals|entries (default: totals; for csv)] [--tz ZONE (default: this machine\'s zone)]',
  async run(argv, io) {
    const values = parseCommandArgs(argv, {
      db: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      format: { type: 'string' },
      what: { type: 'string' },
      tz: { type: 'string' },
    })
    const dbPath = requireOption(values.db, 'db')
    const from = requireOption(values.from, 'from')
    const to = requireOption(values.to, 'to')
    const options = Options.safeParse({ by: values.by ?? 'project', format: values.format ?? 'json', what: values.what ?? 'totals' })
    if (!options.success) throw new UsageError('--by must be client, project, day or activity; --format csv, json or html; --what totals or entries')
    const { by, format, what } = options.data
    const time_zone = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone
    const db = openDatabase(dbPath)
    // days not summed yet (the app keeps the last year summed) are read from their entries first
    const progress = startProgress(io, 'report: summing days', 'days')
    try {
      const settings = createSettingsStore(db, Date.now)
      const reports = createReportService({ db, settings: () => settings.get() })
      const file = reports.file({ from, to, time_zone, by }, FORMATS[format === 'csv' ? `csv:${what}` : format]!, (filled, total) => progress.update(filled, total))
      progress.finish()
      io.stdout(file.text)
    } catch (error) {
      // a bad range or zone is a usage mistake (exit 2), not a failure
      if (error instanceof AppError && error.code === 'invalid_input') throw new UsageError(error.message)
      throw error
    } finally {
      progress.finish()
      closeDatabase(db)
    }
    return 0
  },
}
