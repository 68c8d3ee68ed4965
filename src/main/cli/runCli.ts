import { existsSync } from 'node:fs'
import { EXIT_CODES, EXIT_FAILURE, EXIT_USAGE, programName, UsageError, type CliIo } from './command'
import { commands, type CommandEntry } from './commands'
import { checkDatabasePath, missingInputFile, optionValue } from './databasePath'
import { errorMessage } from '../../shared/errorMessage'

/** Options every command takes; runCli handles them (docs/cli.md). */
const COMMON_OPTIONS: readonly [string, string][] = [
  [
    '--quiet',
    'no progress on stderr (default: progress on for import, process, sync, report, export); stdout is the same either way',
  ],
  ['-h, --help', "this command's usage"],
]

const DB_OPTION: Record<'reads' | 'creates', string> = {
  reads: 'the database file; it must exist (a mistyped path is refused, never created)',
  creates: 'the database file; created when missing (said on stderr), its folder must exist',
}

function optionLines(options: readonly [string, string][]): string[] {
  const width = Math.max(...options.map(([name]) => name.length))
  return options.map(([name, meaning]) => `  ${name.padEnd(width)}  ${meaning}`)
}

export function helpText(program = 'billops'): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'BillOps Tracker — headless commands over the same core as the desktop app.',
    '',
    `usage: ${program} <command> [options]`,
    `       ${program} --version | -V`,
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`${program} <command> --help\` for a command's options. Every command takes:`,
    ...optionLines(COMMON_OPTIONS),
    '',
    'exit codes:',
    ...EXIT_CODES.map(([code, meaning]) => `  ${code}  ${meaning}`),
    '',
  ].join('\n')
}

function commandHelp(entry: CommandEntry, usage: string, program: string): string {
  const use = typeof entry.database === 'function' ? undefined : entry.database
  const options: [string, string][] = use ? [['--db FILE', DB_OPTION[use]], ...COMMON_OPTIONS] : [...COMMON_OPTIONS]
  return [
    `usage: ${program} ${usage}`,
    entry.summary,
    '',
    'options every command takes:',
    ...optionLines(options),
    '',
  ].join('\n')
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // --quiet is for every command: it only silences progress (stdout is the same either way).
  const quiet = argv.includes('--quiet')
  const [name, ...rest] = argv.filter((arg) => arg !== '--quiet')
  if (quiet) io = { ...io, quiet: true }
  const program = programName(io)
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(helpText(program))
    return name === undefined ? EXIT_USAGE : 0
  }
  const entry = commands.find((c) => c.name === (name === '--version' || name === '-V' ? 'version' : name))
  if (!entry) {
    io.stderr(`error: unknown command '${name}' (see ${program} --help)\n`)
    return EXIT_USAGE
  }
  const command = await entry.load()
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(entry, command.usage, program))
    return 0
  }
  for (const option of entry.inputFiles ?? []) {
    const path = optionValue(rest, option)
    const missing = path === undefined ? null : missingInputFile(path, option)
    if (missing) {
      io.stderr(`error: ${missing}\n`)
      return EXIT_USAGE
    }
  }
  const use = typeof entry.database === 'function' ? entry.database(rest) : entry.database
  const dbPath = use ? optionValue(rest, 'db') : undefined
  let created: string | null = null
  if (use && dbPath !== undefined) {
    const check = checkDatabasePath(dbPath, use, program)
    if (!check.ok) {
      io.stderr(`error: ${check.error}\n`)
      return EXIT_USAGE
    }
    created = check.created
  }
  try {
    return await command.run(rest, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\nusage: ${program} ${command.usage}\n`)
      return EXIT_USAGE
    }
    io.stderr(`error: ${oneLine(error)}\n`)
    return EXIT_FAILURE
  } finally {
    // said once it is true: a database that could not be opened was not created
    if (created !== null && existsSync(created)) io.stderr(`${entry.name}: created a new database at ${created}\n`)
  }
}

const oneLine = (error: unknown) => errorMessage(error).split('\n')[0]
