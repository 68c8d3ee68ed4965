#!/usr/bin/env node
// Entry of the built CLI, out/cli/billops.js (scripts/build-cli.mjs: an ES module; `npm run cli`,
// the `billops` bin). No tsx at run time: the heuristics worker is the file built next to it,
// out/cli/heuristicsWorker.js, from the same sources in the same step. The packaged desktop app
// imports it and calls runBuiltCli (`billops-tracker --cli ARGS`, src/main/cliMode.ts).
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runCliProcess } from './main'
import { createBuiltWorkerFactory } from '../suggest/workerFactory'

export function runBuiltCli(argv: readonly string[]): void {
  const worker = fileURLToPath(new URL('heuristicsWorker.js', import.meta.url))
  runCliProcess({ argv, heuristicsWorkerFactory: createBuiltWorkerFactory(worker) })
}

// Run as a program (the bin symlink included), not imported by the desktop app.
const self = fileURLToPath(import.meta.url)
const started = process.argv[1] === undefined ? '' : realpathSync(process.argv[1])
if (started === self) runBuiltCli(process.argv.slice(2))
