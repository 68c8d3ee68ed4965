// The calendar worker's expansion in this thread, messages cloned both ways as a worker's are:
// for tests of the calendar service without starting a thread.
import { createCalendarExpander, type ExpandOutcome, type ExpandRequest } from '../../src/shared/calendar/expander'

export function inProcessCalendarExpand(): (request: ExpandRequest) => Promise<ExpandOutcome> {
  const expand = createCalendarExpander()
  return async (request) => structuredClone(expand(structuredClone(request)))
}
