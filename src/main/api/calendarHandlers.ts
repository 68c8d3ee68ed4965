// Settings → Calendars and the timeline's events lane (contract: src/shared/contract/calendar.ts).
import { AppError } from '../base/appError'
import { CalendarInputError, type CalendarService } from '../calendar/calendarService'
import type { Handlers } from './dispatcher'

type CalendarMethods =
  'calendar.list' | 'calendar.addFile' | 'calendar.addUrl' | 'calendar.remove' | 'calendar.refresh' | 'calendar.events'

const MAX_LANE_MS = 7 * 86_400_000

/** The user's mistakes come back as invalid input with the reason; anything else stays internal. */
async function userInput<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (error) {
    if (error instanceof CalendarInputError) throw new AppError('invalid_input', error.message)
    throw error
  }
}

export function createCalendarHandlers(calendar: CalendarService): Pick<Handlers, CalendarMethods> {
  return {
    'calendar.list': () => calendar.list(),
    'calendar.addFile': ({ name, text, my_emails }) =>
      userInput(() => calendar.addFile({ location: name, text, myEmails: my_emails })),
    'calendar.addUrl': ({ url, my_emails }) => userInput(() => calendar.addUrl({ url, myEmails: my_emails })),
    'calendar.remove': ({ id }) => {
      if (!calendar.remove(id)) throw new AppError('not_found', `no calendar ${id}`)
      return null
    },
    'calendar.refresh': () => calendar.refreshAll(),
    'calendar.events': ({ from, to }) => {
      const fromMs = Date.parse(from)
      const toMs = Date.parse(to)
      if (toMs < fromMs || toMs - fromMs > MAX_LANE_MS)
        throw new AppError('invalid_input', 'calendar.events: a range of at most 7 days, from before to')
      return calendar.laneEvents(fromMs, toMs)
    },
  }
}
