// The real import worker (run from its source through tsx) with what happens to it recorded.
import {
  importWorkerFromSource,
  type ImportWorkerFactory,
  type ImportWorkerHandle,
} from '../../src/main/import/importWorkerClient'
import { createTsxWorkerFactory } from '../../src/main/suggest/workerFactory'

/** `events` gets 'answered' when a worker answers and 'terminated' when one is terminated;
 * `onPost` sees every message sent to a worker, after it was sent. */
export function recordingImportWorkers(onPost: (message: { kind: string }) => void = () => {}): {
  factory: ImportWorkerFactory
  events: string[]
} {
  const events: string[] = []
  const real = importWorkerFromSource(createTsxWorkerFactory)
  const factory: ImportWorkerFactory = () => {
    const worker = real()
    worker.on('message', () => events.push('answered'))
    const handle: ImportWorkerHandle = {
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
