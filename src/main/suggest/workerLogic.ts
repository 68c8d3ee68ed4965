// What the worker does with one message, separate from worker_threads plumbing so it can be
// tested directly. Holds the live fold between messages.
import { IncrementalSuggester, OutOfOrderError, suggestColumns } from '../../shared/heuristics/incremental'
import { joinCalendar } from '../../shared/calendar/join'
import { createCalendarExpander } from '../../shared/calendar/expander'
import { WorkerRequest, type WorkerReply } from './protocol'
import { errorMessage } from '../../shared/errorMessage'

export function createWorkerLogic(): (message: unknown) => WorkerReply {
  let suggester: IncrementalSuggester | null = null
  const expand = createCalendarExpander()
  return (message) => {
    const parsed = WorkerRequest.safeParse(message)
    if (!parsed.success) {
      const id =
        typeof message === 'object' && message !== null && typeof (message as { id?: unknown }).id === 'number'
          ? (message as { id: number }).id
          : -1
      return {
        kind: 'error',
        id,
        code: 'invalid_message',
        message: parsed.error.issues[0]?.message ?? 'invalid message',
      }
    }
    const request = parsed.data
    try {
      switch (request.kind) {
        case 'reset':
          suggester = new IncrementalSuggester(request.config)
          return { kind: 'ready', id: request.id }
        case 'append': {
          if (!suggester)
            return { kind: 'error', id: request.id, code: 'not_configured', message: 'append before reset' }
          const { closed, open } = suggester.appendColumns(request.signals, request.attendedMeetings)
          return { kind: 'update', id: request.id, closed, open }
        }
        case 'batch':
          return {
            kind: 'batch',
            id: request.id,
            groups: request.groups.map((group) => suggestColumns(group, request.config)),
          }
        case 'calendar':
          return {
            kind: 'calendar',
            id: request.id,
            entries: joinCalendar(
              { events: request.events, entries: request.entries, frozen: request.frozen },
              request.config,
            ),
          }
        case 'expand':
          return { kind: 'expand', id: request.id, result: expand(request) }
      }
    } catch (error) {
      if (error instanceof OutOfOrderError) {
        // The fold may hold part of the batch now: the host must reset before appending again.
        suggester = null
        return { kind: 'error', id: request.id, code: 'out_of_order', message: error.message }
      }
      return { kind: 'error', id: request.id, code: 'internal', message: errorMessage(error) }
    }
  }
}
