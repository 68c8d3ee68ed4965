// How the host gets a worker. Electron passes a factory for the bundled file
// (out/main/suggestWorker.js), the built CLI one for out/cli/suggestWorker.js; Node, tests
// and the CLI run from the sources use the TypeScript source through tsx. (`execArgv: ['--import', 'tsx']` does not work for a .ts worker entry on Node 20 —
// "Unknown file extension" — while tsx's CommonJS hook does.)
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

/** The part of a worker the host uses (a real Worker satisfies it; tests may fake it). */
export interface HeuristicsWorker {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  terminate(): Promise<number>
}

export type WorkerFactory = () => HeuristicsWorker

/** The worker's TypeScript source (resolved lazily: bundles may not define __dirname). */
export const workerSourcePath = (): string => join(__dirname, 'worker.ts')

export const createTsxWorkerFactory =
  (path?: string): WorkerFactory =>
  () =>
    new Worker(path ?? workerSourcePath(), { execArgv: ['--require', 'tsx/cjs'] })

/** For a built worker file (Electron: join(__dirname, 'suggestWorker.js')). */
export const createBuiltWorkerFactory =
  (path: string): WorkerFactory =>
  () =>
    new Worker(path)
