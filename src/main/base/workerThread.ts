// How the app starts its worker threads (the suggest worker, the import worker). Electron and the
// built CLI start their bundled files; Node, tests and the CLI run from the sources start the
// TypeScript source through tsx. (`execArgv: ['--import', 'tsx']` does not work for a .ts worker
// entry on Node 20 — "Unknown file extension" — while tsx's CommonJS hook does.)
import { Worker } from 'node:worker_threads'

/** The part of a worker thread its client uses (a real Worker satisfies it; tests may fake it). */
export interface WorkerThread {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  terminate(): Promise<number>
}

export type WorkerFactory = () => WorkerThread

/** For a worker's TypeScript source. */
export const tsxWorkerFactory =
  (path: string): WorkerFactory =>
  () =>
    new Worker(path, { execArgv: ['--require', 'tsx/cjs'] })

/** For a built worker file (Electron: join(__dirname, 'suggestWorker.js')). */
export const builtWorkerFactory =
  (path: string): WorkerFactory =>
  () =>
    new Worker(path)
