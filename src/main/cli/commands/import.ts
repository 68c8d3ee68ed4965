import { readFileSync } from 'node:fs'
import { importIngestBody } from '../../export/importSignals'
import { closeDatabase, openDatabase } from '../../store/database'
import { EXIT_FAILURE, parseCommandArgs, requireOption, type CliCommand, type CliIo } from '../command'
import { errorMessage } from '../../../shared/errorMessage'

async function readInput(source: string, io: CliIo): Promise<string> {
  if (source !== '-') return readFileSync(source, 'utf8')
  let text = ''
  for await (const chunk of io.stdin()) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
  return text
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import --db FILE --input FILE|-',
  async run(argv, io) {
    const values = parseCommandArgs(argv, { db: { type: 'string' }, input: { type: 'string' } })
    const dbPath = requireOption(values.db, 'db')
    const source = requireOption(values.input, 'input')
    let body: unknown
    try {
      body = JSON.parse(await readInput(source, io))
    } catch (error) {
      io.stderr(`error: cannot read ${source === '-' ? 'stdin' : source} as JSON: ${errorMessage(error)}\n`)
      return EXIT_FAILURE
    }
    const db = openDatabase(dbPath)
    try {
      const report = importIngestBody(db, body)
      for (const problem of report.errors) io.stderr(`rejected signal #${problem.index}: ${problem.reason}\n`)
      io.stdout(`${JSON.stringify(report)}\n`)
      // Good signals are kept either way; a non-zero exit tells scripts some were not.
      return report.rejected > 0 ? EXIT_FAILURE : 0
    } finally {
      closeDatabase(db)
    }
  },
}
