// billops matters import --db F --input FILE [--format csv|json] [--dry-run] | matters list --db F
// The column mapping is printed with every answer; --dry-run shows it without writing anything.
import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { MatterFileError } from '../../matters/matterService'
import { withCore } from '../withCore'
import {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_PARTIAL,
  parseCommandArgs,
  requireOption,
  UsageError,
  type CliCommand,
} from '../command'

export const mattersCommand: CliCommand = {
  name: 'matters',
  usage:
    'matters import --db FILE --input matters.csv|matters.json [--format csv|json] [--dry-run] | matters list --db FILE',
  async run(argv, io) {
    const [sub, ...rest] = argv
    if (sub !== 'import' && sub !== 'list') throw new UsageError('matters needs import or list')
    const values = parseCommandArgs(rest, {
      db: { type: 'string' },
      input: { type: 'string' },
      format: { type: 'string' },
      'dry-run': { type: 'boolean' },
    })
    const dbPath = requireOption(values.db, 'db')
    const print = (value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`)
    let text = ''
    let format: 'csv' | 'json' | 'auto' = 'auto'
    if (sub === 'import') {
      const input = requireOption(values.input, 'input')
      if (values.format !== undefined && values.format !== 'csv' && values.format !== 'json')
        throw new UsageError('--format must be csv or json')
      format =
        values.format ??
        (extname(input).toLowerCase() === '.json' ? 'json' : extname(input).toLowerCase() === '.csv' ? 'csv' : 'auto')
      try {
        text = await readFile(input, 'utf8')
      } catch (error) {
        io.stderr(`error: cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`)
        return EXIT_FAILURE
      }
    }
    return withCore(io, { dbPath }, ({ matters }) => {
      try {
        if (sub === 'list') {
          print(matters.list())
          return EXIT_OK
        }
        const report = values['dry-run'] ? matters.preview(text, format) : matters.import(text, format)
        print(report)
        if (report.mapping.missing.length > 0) {
          io.stderr(
            `error: no column for ${report.mapping.missing.join(', ')} (headers: ${[...Object.values(report.mapping.fields), ...report.mapping.unused].join(', ')})\n`,
          )
          return EXIT_FAILURE
        }
        return report.problems.length > 0 ? EXIT_PARTIAL : EXIT_OK
      } catch (error) {
        if (!(error instanceof MatterFileError)) throw error
        io.stderr(`error: ${error.message}\n`)
        return EXIT_FAILURE
      }
    })
  },
}
