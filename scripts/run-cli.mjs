// `npm run cli -- ARGS`: runs the built CLI (out/cli/billops.js), building it first (the CLI part
// only, esbuild, well under a second) when it is missing or older than src/, package.json or the
// build script. Never falls back to tsx: a failed build is reported on stderr with a non-zero exit.
// Writes nothing to stdout itself, so `npm run --silent cli -- X` stays machine-readable.
import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { buildCli, cliBundle, cliIsFresh } from './build-cli.mjs'
import { checkNode } from './node-version.mjs'

checkNode('npm run cli')

if (!cliIsFresh()) {
  try {
    await buildCli()
  } catch (error) {
    process.stderr.write(
      `npm run cli: building ${cliBundle} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.exit(1)
  }
}

// npm runs scripts in the checkout root; relative paths (--db time.db) mean the folder the user
// typed the command in, which npm passes as INIT_CWD. Usage lines name the way we were called.
const child = spawn(process.execPath, [cliBundle, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: { ...process.env, BILLOPS_CLI_NAME: 'npm run cli --' },
})
// Ctrl-C reaches the child from the terminal itself (same process group): forwarding it would
// deliver it twice (capture stops on the first SIGINT; a second one would kill it unflushed).
process.on('SIGINT', () => {})
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal))
child.on('error', (error) => {
  process.stderr.write(`npm run cli: cannot start ${cliBundle}: ${error.message}\n`)
  process.exit(1)
})
child.on('exit', (code, signal) => {
  process.exit(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1))
})
