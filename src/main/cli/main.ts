// The CLI process around runCli: real stdio, SIGINT/SIGTERM, exit code. Two entries call it:
// src/main/cli.ts (tsx, the sources) and src/main/cli/bin.ts (the built out/cli/billops.js).
import type { CliIo } from './command'
import { runCli } from './runCli'
import { errorMessage } from '../../shared/errorMessage'
import { restrictProcessUmask } from '../base/privateFiles'
import type { WorkerFactory } from '../suggest/workerFactory'

export function runCliProcess(options: { argv?: readonly string[]; heuristicsWorkerFactory?: WorkerFactory } = {}): void {
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
    env: process.env,
    interrupted,
    stderrIsTTY: process.stderr.isTTY === true,
    heuristicsWorkerFactory: options.heuristicsWorkerFactory,
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
