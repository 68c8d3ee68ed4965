// Entry of the built CLI, out/cli/billops.js (scripts/build-cli.mjs; `npm run cli`, the `billops`
// bin). No tsx at run time: the heuristics worker is the file built next to it,
// out/cli/heuristicsWorker.js, from the same sources in the same step.
import { join } from 'node:path'
import { runCliProcess } from './main'
import { createBuiltWorkerFactory } from '../suggest/workerFactory'

runCliProcess({ heuristicsWorkerFactory: createBuiltWorkerFactory(join(__dirname, 'heuristicsWorker.js')) })
