// Expansion on demand (#23), the worker's side: a request names a calendar source and the text
// version it holds; the parsed calendar is kept per source (one parse per version, not per
// range), and the ranges asked for are expanded within the request's time budget. The text is
// sent only when the worker does not hold that version yet (`need_text`), so a warm request
// carries a few numbers, not megabytes. Pure: the heuristics worker runs it; tests call it.
import { z } from 'zod'
import { fitStoredEvent, SkipTally, type CalendarEventInstance } from './types'
import { CalendarParseError, expandComponent, parseCalendar } from './expand'
import { summarizeCalendar } from './summary'

const Range = z.object({ fromMs: z.number().finite(), toMs: z.number().finite() })

export const ExpandRequest = z.object({
  sourceId: z.string().min(1),
  /** the stored text's version: a new text gets a new number */
  version: z.number().int().min(0),
  /** null first: the worker asks for it when it does not hold this version */
  text: z.string().nullable(),
  myEmails: z.array(z.string()).readonly(),
  ranges: z.array(Range).readonly(),
  /** wall time this source may take; what is left unexpanded comes back as `complete: false` */
  budgetMs: z.number().positive(),
})
export type ExpandRequest = z.infer<typeof ExpandRequest>

/**
 * Occurrences as columns, each stored as the JSON the store keeps (`calendar_events.data`, read
 * back through CalendarEventInstance): the main thread checks four columns and inserts them, with
 * no per-event object to validate or serialize — its slice stays short for thousands of them.
 */
export const ExpandedEvents = z
  .object({
    keys: z.array(z.string().min(1).max(1200)),
    startMs: z.instanceof(Float64Array),
    endMs: z.instanceof(Float64Array),
    data: z.array(z.string()),
  })
  .refine(
    (columns) =>
      [columns.startMs.length, columns.endMs.length, columns.data.length].every(
        (length) => length === columns.keys.length,
      ),
    'columns of different lengths',
  )
export type ExpandedEvents = z.infer<typeof ExpandedEvents>

export function toExpandedEvents(expanded: readonly CalendarEventInstance[]): ExpandedEvents {
  // Cut to what reading accepts, so a stored row can always be read back.
  const events = expanded.map(fitStoredEvent).filter((event): event is CalendarEventInstance => event !== null)
  return {
    keys: events.map((event) => event.key),
    startMs: Float64Array.from(events, (event) => event.startMs),
    endMs: Float64Array.from(events, (event) => event.endMs),
    data: events.map((event) => JSON.stringify(event)),
  }
}

/** What the file holds (summary.ts) and what reading it left out, by reason (#25): stored with the source. */
const FileSummary = z.object({
  events: z.number().int().min(0),
  firstStartMs: z.number().nullable(),
  lastEndMs: z.number().nullable(),
  openEnded: z.boolean(),
  skipped: SkipTally,
})
export type FileSummary = z.infer<typeof FileSummary>

export const ExpandOutcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('need_text') }),
  z.object({ outcome: z.literal('invalid'), message: z.string() }),
  z.object({
    outcome: z.literal('expanded'),
    events: ExpandedEvents,
    complete: z.boolean(),
    summary: FileSummary,
  }),
])
export type ExpandOutcome = z.infer<typeof ExpandOutcome>

/** Parsed calendars kept at once: the user's few sources; a rarely used one is parsed again. */
const KEEP_PARSED = 8

interface Parsed {
  version: number
  calendar: ReturnType<typeof parseCalendar>
  summary: FileSummary
}

export function createCalendarExpander(): (request: ExpandRequest) => ExpandOutcome {
  const parsed = new Map<string, Parsed>()
  return (request) => {
    const deadline = Date.now() + request.budgetMs
    let held = parsed.get(request.sourceId)
    if (!held || held.version !== request.version) {
      if (request.text === null) return { outcome: 'need_text' }
      try {
        const skipped: SkipTally = {}
        const calendar = parseCalendar(request.text, skipped)
        // An empty range reads every event once (zones, dates, overrides) and counts what it leaves out.
        expandComponent(calendar, { fromMs: 0, toMs: 0, myEmails: request.myEmails }, skipped)
        held = { version: request.version, calendar, summary: { ...summarizeCalendar(calendar), skipped } }
      } catch (error) {
        if (error instanceof CalendarParseError) return { outcome: 'invalid', message: error.message }
        throw error
      }
    }
    // Most recently used last: the first key is the one to drop.
    parsed.delete(request.sourceId)
    parsed.set(request.sourceId, held)
    if (parsed.size > KEEP_PARSED) parsed.delete(parsed.keys().next().value as string)
    const events = new Map<string, CalendarEventInstance>()
    let complete = true
    for (const range of request.ranges) {
      const result = expandComponent(held.calendar, { ...range, myEmails: request.myEmails, deadline })
      for (const event of result.events) events.set(event.key, event)
      if (!result.complete) {
        complete = false
        break
      }
    }
    return { outcome: 'expanded', events: toExpandedEvents([...events.values()]), complete, summary: held.summary }
  }
}
