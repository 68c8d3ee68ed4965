// How the host gets a worker. Electron passes a factory for the bundled file
// (out/main/heuristicsWorker.js), the built CLI one for out/cli/heuristicsWorker.js; Node, tests
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

/** For a built worker file (Electron: join(__dirname, 'heuristicsWorker.js')). */
export const createBuiltWorkerFactory =
  (path: string): WorkerFactory =>
  () =>
    new Worker(path)

/**
 * The worker's logic on the main thread behind the same interface (messages still cloned and
 * validated). For tests of host logic and short CLI runs where a thread buys nothing.
 */
export function createInProcessWorkerFactory(logic: () => (message: unknown) => unknown): WorkerFactory {
  return () => {
    const handle = logic()
    const messageListeners: Array<(message: unknown) => void> = []
    let terminated = false
    const worker = {
      postMessage(message: unknown) {
        const copy = structuredClone(message)
        setImmediate(() => {
          if (terminated) return
          const reply = structuredClone(handle(copy))
          for (const listener of messageListeners) listener(reply)
        })
      },
      on(event: string, listener: (value: never) => void) {
        if (event === 'message') messageListeners.push(listener as (message: unknown) => void)
        return worker
      },
      async terminate() {
        terminated = true
        return 0
      },
    }
    return worker as HeuristicsWorker
  }
}
