// The suggest worker from its TypeScript source (tests, benchmarks, the CLI run from the sources);
// Electron and the built CLI pass base/workerThread's builtWorkerFactory for their bundled file.
import { join } from 'node:path'
import { tsxWorkerFactory, type WorkerFactory } from '../base/workerThread'

/** The worker's TypeScript source (resolved lazily: bundles may not define __dirname). */
export const workerSourcePath = (): string => join(__dirname, 'worker.ts')

export const suggestWorkerFromSource =
  (path?: string): WorkerFactory =>
  () =>
    tsxWorkerFactory(path ?? workerSourcePath())()
