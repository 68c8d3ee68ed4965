// Headless entry point: `npm run cli -- <command>`. No electron import anywhere below.
import type { CliIo } from './cli/command'
import { runCli } from './cli/runCli'
import { errorMessage } from '../shared/errorMessage'

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
}

runCli(process.argv.slice(2), io).then(
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
