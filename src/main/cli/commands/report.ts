import { z } from 'zod'
import { ReportGrouping, type ReportExportFormat } from '../../../shared/contract/report'
import { AppError } from '../../base/appError'
import { startProgress } from '../progress'
import { EXIT_FAILURE, parseCommandArgs, requireOption, UsageError, type CliCommand, type CliIo } from '../command'
import { withCore } from '../withCore'

const Options = z.object({
  by: ReportGrouping,
  format: z.enum(['csv', 'json', 'html', 'ledes1998b']),
  what: z.enum(['totals', 'entries']),
})

const FORMATS: Record<string, ReportExportFormat> = {
  json: 'json',
  html: 'html',
  'csv:totals': 'csv_totals',
  'csv:entries': 'csv_entries',
}

/** The same report as the Reports view (one aggregation), written to stdout. */
export const reportCommand: CliCommand = {
  name: 'report',
  usage:
    "report --db FILE --from YYYY-MM-DD --to YYYY-MM-DD (both days included) [--by client|project|day|activity (default: project)] [--format csv|json|html (default: json)] [--what totals|entries (default: totals; for csv)] [--tz ZONE (default: this machine's zone)]" +
    '\n       report --db FILE --format ledes1998b --client ID|NAME --from D --to D --invoice-number N [--invoice-date D] [--timekeeper ID] [--timekeeper-name "Surname, First"] [--classification PARTNR] [--rate N] [--law-firm-id ID] [--tz ZONE]',
  async run(argv, io) {
    const values = parseCommandArgs(argv, {
      db: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      by: { type: 'string' },
      format: { type: 'string' },
      what: { type: 'string' },
      tz: { type: 'string' },
      client: { type: 'string' },
      'invoice-number': { type: 'string' },
      'invoice-date': { type: 'string' },
      timekeeper: { type: 'string' },
      'timekeeper-name': { type: 'string' },
      classification: { type: 'string' },
      rate: { type: 'string' },
      'law-firm-id': { type: 'string' },
    })
    const dbPath = requireOption(values.db, 'db')
    const from = requireOption(values.from, 'from')
    const to = requireOption(values.to, 'to')
    const options = Options.safeParse({
      by: values.by ?? 'project',
      format: values.format ?? 'json',
      what: values.what ?? 'totals',
    })
    if (!options.success)
      throw new UsageError(
        '--by must be client, project, day or activity; --format csv, json, html or ledes1998b; --what totals or entries',
      )
    const { by, format, what } = options.data
    const time_zone = values.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone
    if (format === 'ledes1998b') return ledes(dbPath, { ...values, from, to, time_zone }, io)
    return withCore(io, { dbPath }, ({ reports }) => {
      // days not summed yet (the app keeps the last year summed) are read from their entries first
      const progress = startProgress(io, 'report: summing days', 'days')
      try {
        const file = reports.file(
          { from, to, time_zone, by },
          FORMATS[format === 'csv' ? `csv:${what}` : format]!,
          (filled, total) => progress.update(filled, total),
        )
        progress.finish()
        io.stdout(file.text)
      } catch (error) {
        // a bad range or zone is a usage mistake (exit 2), not a failure
        if (error instanceof AppError && error.code === 'invalid_input') throw new UsageError(error.message)
        throw error
      } finally {
        progress.finish()
      }
      return 0
    })
  },
}

type LedesValues = Record<string, string | undefined> & { from: string; to: string; time_zone: string }

/** `--format ledes1998b`: the file on stdout, or every problem on stderr and nothing written (exit 1). */
function ledes(dbPath: string, values: LedesValues, io: CliIo): Promise<number> {
  const client = requireOption(values.client, 'client')
  const rate = values.rate === undefined ? undefined : Number(values.rate)
  if (rate !== undefined && !(Number.isFinite(rate) && rate >= 0))
    throw new UsageError('--rate must be a number of currency units per hour')
  return withCore(io, { dbPath }, (core) => {
    try {
      const result = core.ledes({
        client,
        from: values.from,
        to: values.to,
        time_zone: values.time_zone,
        invoice_number: values['invoice-number'],
        invoice_date: values['invoice-date'],
        law_firm_id: values['law-firm-id'],
        timekeeper_id: values.timekeeper,
        timekeeper_name: values['timekeeper-name'],
        timekeeper_classification: values.classification,
        rate,
      })
      if (!result.ok) {
        io.stderr(`error: the LEDES file was not written:\n${result.problems.map((p) => `  - ${p}\n`).join('')}`)
        return EXIT_FAILURE
      }
      io.stdout(result.text)
      return 0
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid_input') throw new UsageError(error.message)
      throw error
    }
  })
}
