// The CLI process around runCli: real stdio, SIGINT/SIGTERM, exit code. Two entries call it:
// src/main/cli.ts (tsx, the sources) and src/main/cli/bin.ts (the built out/cli/billops.js).
import { isatty } from 'node:tty'
import type { CliIo } from './command'
import { runCli } from './runCli'
import { errorMessage } from '../../shared/errorMessage'
import { restrictProcessUmask } from '../base/privateFiles'
import { type WorkerFactory } from '../base/workerThread'

/** The floor of scripts/node-version.mjs (PROJECT_NODE), for `billops` started without npm. */
const MIN_NODE: readonly [number, number] = [20, 19]

export function runCliProcess(
  options: {
    argv?: readonly string[]
    suggestWorkerFactory?: WorkerFactory
    importWorkerFactory?: WorkerFactory
  } = {},
): void {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number)
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1])) {
    process.stderr.write(
      `billops needs Node >= ${MIN_NODE.join('.')} (this is ${process.versions.node}); install a newer Node and try again\n`,
    )
    process.exit(1)
  }
  // Before anything is written: every file the CLI creates (database, WAL, backups) is private.
  restrictProcessUmask()
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })

  const io: CliIo = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: () => process.stdin,
    stdinFd: isatty(0) ? undefined : 0,
    env: process.env,
    interrupted,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    // scripts/run-cli.mjs sets it for `npm run cli --`; the bin and the app's wrapper are `billops`
    program: process.env.BILLOPS_CLI_NAME || 'billops',
    suggestWorkerFactory: options.suggestWorkerFactory,
    importWorkerFactory: options.importWorkerFactory,
  }

  runCli([...(options.argv ?? process.argv.slice(2))], io).then(
    (code) => {
      process.exitCode = code
      // Pending stdout must drain before exit; listeners left by commands must not keep us alive.
      process.stdout.write('', () => process.exit(code))
    },
    (error: unknown) => {
      process.stderr.write(`error: ${errorMessage(error)}\n`)
      process.exit(1)
    },
  )
}
