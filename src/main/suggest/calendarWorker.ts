// The calendar's expansion (#23) runs in a worker of its own, started from the heuristics
// worker's entry (same bundle, same message protocol): a long expansion never delays a
// heuristics round, and neither ever runs on the main thread.
import type { ExpandOutcome, ExpandRequest } from '../../shared/calendar/expander'
import type { Logger } from '../base/logger'
import { WorkerClient } from './workerClient'
import { type WorkerFactory } from '../base/workerThread'

export interface CalendarWorker {
  expand(request: ExpandRequest): Promise<ExpandOutcome>
  close(): Promise<void>
}

export function createCalendarWorker(factory: WorkerFactory, logger: Logger): CalendarWorker {
  const client = new WorkerClient(factory, logger, {
    onStart: () => undefined,
    onCrash: (reason) => logger.warn('calendar worker stopped; it starts again on the next request', reason),
  })
  return {
    async expand(request) {
      const reply = await client.call({ kind: 'expand', id: 0, ...request })
      if (reply.kind !== 'expand')
        throw new Error(
          reply.kind === 'error'
            ? `calendar worker: ${reply.code}: ${reply.message}`
            : `calendar worker answered ${reply.kind}`,
        )
      return reply.result
    },
    close: () => client.close(),
  }
}
