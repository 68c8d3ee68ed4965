// A CLI command: parses its own arguments (node:util parseArgs + zod), writes machine-readable
// output to io.stdout only, diagnostics to io.stderr, and returns the exit code.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { errorMessage } from '../../shared/errorMessage'
import type { Clock } from '../base/clock'
import { type WorkerFactory } from '../base/workerThread'

export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  stdin: () => AsyncIterable<Buffer | string>
  /** stdin's descriptor when it is a pipe or a file (not a terminal): commands with nothing else
   * to do while it is read (suggest) read it synchronously; unset: only `stdin()` */
  stdinFd?: number
  env: NodeJS.ProcessEnv
  /** resolves when the user asks the process to stop (SIGINT/SIGTERM) */
  interrupted: Promise<void>
  /** stderr is a terminal: progress redraws one line (cli/progress.ts) */
  stderrIsTTY?: boolean
  /** stdout is a terminal: listings print a table for people instead of JSON (docs/cli.md) */
  stdoutIsTTY?: boolean
  /** how the user called us, for usage lines: `billops` (default) or `npm run cli --` */
  program?: string
  /** --quiet: no progress on stderr */
  quiet?: boolean
  /** how commands that build a core start the heuristics worker (the built CLI: its bundled worker file; unset: the .ts source via tsx) */
  suggestWorkerFactory?: WorkerFactory
  /** how `import` starts its reading worker (the built CLI: out/cli/importWorker.js; unset: the .ts source via tsx) */
  importWorkerFactory?: WorkerFactory
  /** tests only: the clock and the sleep of commands that wait (sync's retries); default real time */
  clock?: Clock
  sleep?: (ms: number) => Promise<void>
}

export interface CliCommand {
  name: string
  usage: string
  run(argv: string[], io: CliIo): Promise<number>
}

/** Bad arguments: the CLI prints `error: <message>` and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** The name usage lines show: what the user typed to run us. */
export const programName = (io: Pick<CliIo, 'program'>) => io.program ?? 'billops'

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values
  } catch (error) {
    throw new UsageError(errorMessage(error))
  }
}

export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`)
  return value
}

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2
/** the server could not be reached (or stayed busy): retry later, nothing was lost */
export const EXIT_UNREACHABLE = 3
/** the token is missing or was refused */
export const EXIT_AUTH = 4
/** partly done: some items failed or conflicted, listed in the output */
export const EXIT_PARTIAL = 5
/** Ctrl-C: stopped at a safe point after saying what was done; running it again continues */
export const EXIT_INTERRUPTED = 130

/** The exit codes, as `--help`, README.md and docs/cli.md list them (cliConvention.test.ts compares README's table). */
export const EXIT_CODES: readonly [number, string][] = [
  [EXIT_OK, 'done'],
  [EXIT_FAILURE, 'failed (also: an id that matches no entry)'],
  [EXIT_USAGE, 'bad arguments: a usage mistake, a missing input or database, a wrong server address'],
  [EXIT_UNREACHABLE, 'server unreachable: retry later, nothing lost'],
  [EXIT_AUTH, 'authentication refused'],
  [EXIT_PARTIAL, 'partly done: some items failed or conflicted, listed in the output'],
  [EXIT_INTERRUPTED, 'interrupted (Ctrl-C): stopped at a safe point; run it again to continue'],
]
