import { EXIT_CODES, EXIT_FAILURE, EXIT_USAGE, UsageError, type CliIo } from './command'
import { commands } from './commands'
import { errorMessage } from '../../shared/errorMessage'

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'BillOps Tracker — headless commands over the same core as the desktop app.',
    '',
    'usage: npm run cli -- <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `npm run cli -- <command> --help` for a command\'s options.',
    'Long commands (import, process, sync, report, export) show progress on stderr; --quiet turns it off.',
    '',
    'exit codes:',
    ...EXIT_CODES.map(([code, meaning]) => `  ${code}  ${meaning}`),
    '',
  ].join('\n')
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // --quiet is for every command: it only silences progress (stdout is the same either way).
  const quiet = argv.includes('--quiet')
  const [name, ...rest] = argv.filter((arg) => arg !== '--quiet')
  if (quiet) io = { ...io, quiet: true }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText())
    return name === undefined ? EXIT_USAGE : 0
  }
  const entry = commands.find((c) => c.name === name)
  if (!entry) {
    io.stderr(`error: unknown command '${name}' (see --help)\n`)
    return EXIT_USAGE
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: npm run cli -- ${command.usage}\n${entry.summary}\n`)
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\nusage: npm run cli -- ${command.usage}\n`)
      return EXIT_USAGE
    }
    io.stderr(`error: ${oneLine(error)}\n`)
    return EXIT_FAILURE
  }
}

const oneLine = (error: unknown) => errorMessage(error).split('\n')[0]
