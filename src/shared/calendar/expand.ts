// iCalendar text → the event instances in a time range, through ical.js (no parser of ours):
// RRULE/RDATE with EXDATE, overridden instances (RECURRENCE-ID, moved or cancelled), VTIMEZONE
// and DST. Pure: runs in main, the worker, the CLI and tests alike.
import ICAL from 'ical.js'
import type { CalendarEventInstance, PartStat } from './types'

export interface ExpandOptions {
  fromMs: number
  toMs: number
  /** the user's own addresses: their PARTSTAT is the user's attendance; their domains are not "attendee orgs" */
  myEmails: readonly string[]
  /** Date.now() after which expansion stops where it is (`complete: false`): no calendar may hold its caller */
  deadline?: number
}

export interface ExpandResult {
  events: CalendarEventInstance[]
  /** events that could not be read (named by UID), each skipped on its own */
  problems: string[]
  /** false when the deadline stopped the expansion: `events` is then only part of the range */
  complete: boolean
}

/** Thrown inside the expansion when its deadline passed; turned into `complete: false`. */
class DeadlinePassed extends Error {}

export class CalendarParseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CalendarParseError'
  }
}

/** A runaway rule (FREQ=SECONDLY, no end) must not hang the caller. */
const MAX_OCCURRENCES_PER_EVENT = 20_000

type Component = InstanceType<typeof ICAL.Component>
type Time = InstanceType<typeof ICAL.Time>

/** Parses the text once; throws CalendarParseError with a reason a user can act on. */
export function parseCalendar(text: string): Component {
  if (!/BEGIN:VCALENDAR/i.test(text)) throw new CalendarParseError('not an iCalendar file (no BEGIN:VCALENDAR)')
  let jcal: unknown
  try {
    jcal = ICAL.parse(text)
  } catch (error) {
    throw new CalendarParseError(`not a valid iCalendar file: ${error instanceof Error ? error.message : String(error)}`)
  }
  // A file with several VCALENDARs parses to a list: use the first.
  const root = (Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal[0] : jcal) as unknown[]
  const component = new ICAL.Component(root as never)
  if (component.name !== 'vcalendar') throw new CalendarParseError('not an iCalendar file (no VCALENDAR)')
  return component
}

export function expandCalendar(text: string, options: ExpandOptions): ExpandResult {
  return expandComponent(parseCalendar(text), options)
}

export function expandComponent(calendar: Component, options: ExpandOptions): ExpandResult {
  const me = new Set(options.myEmails.map((email) => email.trim().toLowerCase()))
  const myDomains = new Set([...me].map(domainOf).filter((d): d is string => d !== null))
  const masters = new Map<string, Component>()
  const exceptions = new Map<string, Component[]>()
  const orphans: Component[] = []
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '')
    if (vevent.hasProperty('recurrence-id')) {
      const list = exceptions.get(uid) ?? []
      list.push(vevent)
      exceptions.set(uid, list)
    } else if (uid === '' || !masters.has(uid)) {
      if (uid === '') orphans.push(vevent)
      else masters.set(uid, vevent)
    }
  }
  const events: CalendarEventInstance[] = []
  const problems: string[] = []
  const read: ReadContext = { described: new Map(), me, myDomains, options, events }
  let complete = true
  for (const [uid, master] of masters) {
    if (options.deadline !== undefined && Date.now() > options.deadline) {
      complete = false
      break
    }
    try {
      // Exceptions passed in: ical.js would otherwise scan every VEVENT of the file per master.
      const event = new ICAL.Event(master, { exceptions: exceptions.get(uid) ?? [] })
      exceptions.delete(uid)
      if (event.isRecurring()) expandRecurring(event, uid, read)
      else addInstance(read, master, uid, event.startDate, event.endDate, null)
    } catch (error) {
      if (error instanceof DeadlinePassed) {
        complete = false
        break
      }
      problems.push(`event ${uid}: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
  // An override whose series is not in the file (a shared single instance) still happened.
  for (const [uid, list] of exceptions) {
    for (const vevent of list) {
      const event = new ICAL.Event(vevent)
      addInstance(read, vevent, uid, event.startDate, event.endDate, event.recurrenceId)
    }
  }
  for (const vevent of orphans) {
    const event = new ICAL.Event(vevent)
    addInstance(read, vevent, '', event.startDate, event.endDate, null)
  }
  events.sort((a, b) => a.startMs - b.startMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return { events, problems, complete }
}

interface ReadContext {
  /** components already described in this expansion */
  described: Map<Component, Description>
  me: Set<string>
  myDomains: Set<string>
  options: ExpandOptions
  events: CalendarEventInstance[]
}

function expandRecurring(event: InstanceType<typeof ICAL.Event>, uid: string, read: ReadContext): void {
  const durationMs = event.duration.toSeconds() * 1000
  // Overrides may move an instance by days: look a little before the range for their originals.
  const slackMs = Math.max(durationMs, 7 * 86_400_000)
  const iterator = event.iterator(skipAheadStart(event, read.options.fromMs - slackMs))
  const deadline = read.options.deadline
  for (let n = 0; n < MAX_OCCURRENCES_PER_EVENT; n++) {
    if (deadline !== undefined && (n & 255) === 255 && Date.now() > deadline) throw new DeadlinePassed()
    const occurrence = iterator.next()
    if (!occurrence) return
    const originalMs = toMs(occurrence)
    if (originalMs >= read.options.toMs + slackMs) return
    if (originalMs + durationMs + slackMs <= read.options.fromMs) continue
    const details = event.getOccurrenceDetails(occurrence)
    addInstance(read, details.item.component, uid, details.startDate, details.endDate, details.recurrenceId)
  }
  throw new Error(`more than ${MAX_OCCURRENCES_PER_EVENT} occurrences before the range ends; later ones skipped`)
}

const DAY_MS = 86_400_000
/** The only BY-part that keeps the same occurrences when DTSTART moves by whole weeks of the rule. */
const SHIFTABLE_PARTS = new Set(['BYDAY'])

/**
 * Where to start iterating a series so a range years after its DTSTART costs only the range:
 * a daily or weekly rule without COUNT (and with nothing but plain weekdays) repeats whole weeks,
 * so DTSTART moves ahead by whole periods of the rule (same weekday and wall-clock time, its zone
 * keeps DST right) to just before `beforeMs`. Anything else (COUNT, RDATE, month rules) is
 * iterated from DTSTART as ical.js does: those are short or few.
 */
function skipAheadStart(event: InstanceType<typeof ICAL.Event>, beforeMs: number): Time | undefined {
  const start = event.startDate
  const rules = event.component.getAllProperties('rrule')
  if (rules.length !== 1 || event.component.hasProperty('rdate')) return undefined
  const rule = rules[0]?.getFirstValue() as InstanceType<typeof ICAL.Recur> | undefined
  if (!rule || rule.count || (rule.freq !== 'DAILY' && rule.freq !== 'WEEKLY')) return undefined
  const parts = rule.parts as Record<string, unknown[] | undefined>
  if (Object.keys(parts).some((part) => !SHIFTABLE_PARTS.has(part))) return undefined
  const byDay = (parts.BYDAY ?? []).map(String)
  // Plain weekdays only (not "1MO", "-1FR": those count within a month).
  if (byDay.some((day) => !/^[A-Z]{2}$/.test(day))) return undefined
  // DTSTART on a day the rule does not list is an extra first occurrence ical.js yields: moved, it would be one more.
  if (byDay.length > 0 && !byDay.includes(WEEKDAYS[start.dayOfWeek() - 1] as string)) return undefined
  const interval = rule.interval || 1
  const periodDays = rule.freq === 'DAILY' ? lcm(interval, 7) : 7 * interval
  // One period short of the target: a DST change cannot push the start past it.
  const periods = Math.floor((beforeMs - toMs(start)) / (periodDays * DAY_MS)) - 1
  if (periods <= 0) return undefined
  const moved = start.clone()
  moved.adjust(periods * periodDays, 0, 0, 0)
  return moved
}

const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
const lcm = (a: number, b: number) => (a / gcd(a, b)) * b

function addInstance(read: ReadContext, vevent: Component, uid: string, start: Time, end: Time | null, recurrenceId: Time | null): void {
  const startMs = toMs(start)
  const allDay = start.isDate
  // No DTEND/DURATION: a date lasts a day, a date-time is a moment (RFC 5545 3.6.1).
  const endMs = end ? toMs(end) : allDay ? startMs + 86_400_000 : startMs
  if (endMs <= read.options.fromMs || startMs >= read.options.toMs) return
  read.events.push({ key: `${uid}#${recurrenceId ? toMs(recurrenceId) : startMs}`, uid, startMs, endMs, allDay, ...describe(vevent, read) })
}

type Description = Pick<CalendarEventInstance, 'title' | 'cancelled' | 'transparent' | 'myStatus' | 'attendeeDomains'>
/** What a VEVENT says about every occurrence it stands for: read once per component, not per occurrence. */
function describe(vevent: Component, read: ReadContext): Description {
  const known = read.described.get(vevent)
  if (known) return known
  const { myStatus, domains } = attendance(vevent, read)
  const description: Description = {
    title: String(vevent.getFirstPropertyValue('summary') ?? '').trim(),
    cancelled: String(vevent.getFirstPropertyValue('status') ?? 'CONFIRMED').toLowerCase() === 'cancelled',
    transparent: String(vevent.getFirstPropertyValue('transp') ?? 'OPAQUE').toUpperCase() === 'TRANSPARENT',
    myStatus,
    attendeeDomains: domains,
  }
  read.described.set(vevent, description)
  return description
}

function attendance(vevent: Component, read: ReadContext): { myStatus: PartStat | null; domains: string[] } {
  let myStatus: PartStat | null = null
  const domains = new Set<string>()
  const people = [...vevent.getAllProperties('attendee'), ...vevent.getAllProperties('organizer')]
  for (const property of people) {
    const email = String(property.getFirstValue() ?? '').replace(/^mailto:/i, '').trim().toLowerCase()
    if (read.me.has(email)) {
      if (property.name === 'attendee') myStatus = partStat(property.getParameter('partstat'))
      continue
    }
    const domain = domainOf(email)
    if (domain && !read.myDomains.has(domain)) domains.add(domain)
  }
  return { myStatus, domains: [...domains].sort() }
}

function partStat(value: unknown): PartStat {
  const text = String(value ?? 'NEEDS-ACTION').toLowerCase()
  return text === 'accepted' || text === 'declined' || text === 'tentative' ? text : 'needs-action'
}

const domainOf = (email: string): string | null => {
  const at = email.lastIndexOf('@')
  return at > 0 && at < email.length - 1 ? email.slice(at + 1) : null
}

/** Floating times (no zone) are the user's wall clock, so the machine's zone reads them. */
export function toMs(time: Time): number {
  if (time.zone === ICAL.Timezone.localTimezone || time.isDate) {
    return new Date(time.year, time.month - 1, time.day, time.hour, time.minute, time.second).getTime()
  }
  return time.toUnixTime() * 1000
}
