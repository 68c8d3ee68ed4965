// The suggest worker's logic on the main thread, for tests of the host's logic.
import { type WorkerFactory, type WorkerThread } from '../../src/main/base/workerThread'

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
    return worker as WorkerThread
  }
}
