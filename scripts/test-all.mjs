#!/usr/bin/env node
// `npm test`: every check CI runs, each step once, independent steps side by side, and a
// breakdown of where the time went (written to BENCHMARKS.md by hand from CI's output).
//
// Order: the build comes before the unit tests, so the tests of the built app and CLI
// (test/boot, test/cli) find a fresh bundle and never build it a second time. Each stage's steps
// run in parallel; a step's output is printed whole when it ends (no interleaving), so the test
// runners' closing lines stay readable. The first failing stage stops the run.
//
// TEST_SERIAL=1 runs every step one after the other (to compare, or on a one-core machine).
import { spawn } from 'node:child_process'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const stages = [
  [
    ['typecheck', npm, ['run', '--silent', 'typecheck']],
    ['lint', npm, ['run', '--silent', 'lint']],
    ['format', npm, ['run', '--silent', 'format:check']],
    ['build', npm, ['run', '--silent', 'build']],
  ],
  [
    ['unit', npm, ['run', '--silent', 'test:unit']],
    ['e2e', npm, ['run', '--silent', 'test:e2e']],
    ['security', npm, ['run', '--silent', 'test:security']],
  ],
]

function run([name, command, args]) {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
    const chunks = []
    child.stdout.on('data', (chunk) => chunks.push(chunk))
    child.stderr.on('data', (chunk) => chunks.push(chunk))
    child.on('error', (error) => chunks.push(Buffer.from(`${name}: ${error.message}\n`)))
    child.on('close', (code, signal) => {
      const seconds = (Date.now() - started) / 1000
      process.stdout.write(
        `\n── ${name} (${seconds.toFixed(0)} s, ${code === 0 ? 'ok' : `failed: ${signal ?? `exit ${code}`}`}) ──\n`,
      )
      process.stdout.write(Buffer.concat(chunks))
      resolve({ name, ok: code === 0, seconds })
    })
  })
}

const serial = process.env.TEST_SERIAL === '1'
const results = []
const started = Date.now()
let failed = false
for (const stage of stages) {
  const outcomes = []
  if (serial) for (const step of stage) outcomes.push(await run(step))
  else outcomes.push(...(await Promise.all(stage.map(run))))
  results.push(...outcomes)
  if (outcomes.some((outcome) => !outcome.ok)) {
    failed = true
    break
  }
}
const total = (Date.now() - started) / 1000
process.stdout.write(
  `\ntest breakdown (${serial ? 'serial' : 'parallel stages'}): ${results.map((r) => `${r.name} ${r.seconds.toFixed(0)} s${r.ok ? '' : ' FAILED'}`).join(', ')}; total ${total.toFixed(0)} s\n`,
)
process.exit(failed ? 1 : 0)
