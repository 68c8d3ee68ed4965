// The real import worker (run from its source through tsx) with what happens to it recorded.
import { importWorkerFromSource } from '../../src/main/import/importWorkerClient'
import { type WorkerFactory, type WorkerThread } from '../../src/main/base/workerThread'

/** `events` gets 'answered' when a worker answers and 'terminated' when one is terminated;
 * `onPost` sees every message sent to a worker, after it was sent. */
export function recordingImportWorkers(onPost: (message: { kind: string }) => void = () => {}): {
  factory: WorkerFactory
  events: string[]
} {
  const events: string[] = []
  const real = importWorkerFromSource()
  const factory: WorkerFactory = () => {
    const worker = real()
    worker.on('message', () => events.push('answered'))
    const handle: WorkerThread = {
      postMessage: (message: unknown) => {
        worker.postMessage(message)
        onPost(message as { kind: string })
      },
      on: (event: 'message' | 'error' | 'exit', listener: (value: never) => void) =>
        worker.on(event as 'message', listener as (value: unknown) => void),
      terminate: () => {
        events.push('terminated')
        return worker.terminate()
      },
    }
    return handle
  }
  return { factory, events }
}
