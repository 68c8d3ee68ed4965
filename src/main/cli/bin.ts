#!/usr/bin/env node
// Entry of the built CLI, out/cli/billops.js (scripts/build-cli.mjs: an ES module; `npm run cli`,
// the `billops` bin). No tsx at run time: the heuristics worker is the file built next to it,
// out/cli/suggestWorker.js (and the import worker, out/cli/importWorker.js), from the same sources in the same step. The packaged desktop app
// imports it and calls runBuiltCli (`billops-tracker --cli ARGS`, src/main/cliMode.ts).
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runCliProcess } from './main'
import { builtWorkerFactory } from '../base/workerThread'

export function runBuiltCli(argv: readonly string[]): void {
  const built = (name: string) => builtWorkerFactory(fileURLToPath(new URL(name, import.meta.url)))
  runCliProcess({
    argv,
    suggestWorkerFactory: built('suggestWorker.js'),
    importWorkerFactory: built('importWorker.js'),
  })
}

/**
 * True when Node was started with this file (directly or through the bin symlink). The packaged
 * app imports it with argv[1] set to `--cli`, which is no file at all: that is not a start.
 */
export function startedAsProgram(self: string, argv1: string | undefined): boolean {
  if (argv1 === undefined) return false
  try {
    return realpathSync(argv1) === self
  } catch {
    return false
  }
}

if (startedAsProgram(fileURLToPath(import.meta.url), process.argv[1])) runBuiltCli(process.argv.slice(2))
