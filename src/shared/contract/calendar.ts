// Calendar sources (#16): an .ics file or an https subscription (plain http only for
// localhost), with the user's own addresses so their attendance can be read. Event data stays
// on this machine; the renderer reads events only to draw the timeline's events lane.
import { z } from 'zod'
import { defineMethods, NoInput } from './define'
import { IsoUtc } from '../domain'
import { SkipTally } from '../calendar/types'

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'expected an e-mail address')
export const MY_EMAILS_MAX = 20

export const CalendarFetchState = z.enum(['never', 'ok', 'not_modified', 'failed'])
export type CalendarFetchState = z.infer<typeof CalendarFetchState>

export const CalendarContents = z.object({
  /** events in the file: a recurring series counts once */
  events: z.number().int().min(0),
  first_start_at: IsoUtc.nullable(),
  last_end_at: IsoUtc.nullable(),
  /** a series repeats with no end: events go on after last_end_at */
  open_ended: z.boolean(),
})
export type CalendarContents = z.infer<typeof CalendarContents>

export const CalendarSource = z.object({
  id: z.string().min(1),
  kind: z.enum(['file', 'url']),
  /** the file's path (or name, when picked in the window), or the subscription's host and a hint (never its URL) */
  location: z.string(),
  my_emails: z.array(z.string()),
  fetch_state: CalendarFetchState,
  last_error: z.string().nullable(),
  last_attempt_at: IsoUtc.nullable(),
  last_success_at: IsoUtc.nullable(),
  /** occurrences expanded so far (for the dates something asked about: processed signals, a day shown) */
  event_count: z.number().int().min(0),
  /** what the file holds whatever the dates (null until it was read): a past calendar shows where its events are */
  contents: CalendarContents.nullable(),
  /** ranges whose expansion ran out of its time budget (their occurrences are partly missing) */
  expansion_cut_short: z.number().int().min(0),
  /** what the last read left out, by reason ("N events skipped" with the calendar) */
  skipped: SkipTally,
})
export type CalendarSource = z.infer<typeof CalendarSource>

export const AddCalendarFile = z.object({
  name: z.string().trim().min(1).max(500),
  /** the file's text (the window reads the picked file; it has no file system) */
  text: z.string().max(32 * 1024 * 1024),
  my_emails: z.array(Email).max(MY_EMAILS_MAX).default([]),
})
export const AddCalendarUrl = z.object({
  url: z.string().trim().min(1).max(4000),
  my_emails: z.array(Email).max(MY_EMAILS_MAX).default([]),
})

/** One meeting for the timeline's events lane (the skip settings applied). */
export const CalendarLaneEvent = z.object({
  key: z.string(),
  title: z.string(),
  started_at: IsoUtc,
  ended_at: IsoUtc,
})
export type CalendarLaneEvent = z.infer<typeof CalendarLaneEvent>

export const calendarMethods = defineMethods({
  'calendar.list': {
    input: NoInput,
    output: z.array(CalendarSource),
    summary: 'Calendar sources with their fetch state',
  },
  'calendar.addFile': { input: AddCalendarFile, output: CalendarSource, summary: 'Add an .ics file the user picked' },
  'calendar.addUrl': {
    input: AddCalendarUrl,
    output: CalendarSource,
    summary: 'Add an ICS subscription (https; http only for localhost)',
  },
  'calendar.remove': {
    input: z.object({ id: z.string().min(1).max(200) }),
    output: z.null(),
    summary: 'Remove a calendar source and its events',
  },
  'calendar.refresh': { input: NoInput, output: z.array(CalendarSource), summary: 'Fetch every subscription now' },
  'calendar.events': {
    input: z.object({ from: IsoUtc, to: IsoUtc }),
    output: z.array(CalendarLaneEvent),
    summary: 'Meetings in a range (at most 7 days), for the timeline',
  },
})
