// iCalendar text → the event instances in a time range, through ical.js: RRULE/RDATE with
// EXDATE, overridden instances (RECURRENCE-ID, moved or cancelled, matched to their series by
// instant so an override in UTC meets a series in a named zone), VTIMEZONE and DST. The text is
// made readable first (sanitize.ts), every TZID points at a real zone (zones.ts), and versions of
// one event are settled (identity.ts). Whatever cannot be read is skipped and counted, never
// guessed. Pure: runs in main, the worker, the CLI and tests alike.
import ICAL from 'ical.js'
import { eventUid, isNewerVersion } from './identity'
import { sanitizeCalendarText } from './sanitize'
import { describeEvent, domainOf, type EventDescription } from './describeEvent'
import { tally, type CalendarEventInstance, type SkipTally } from './types'
import { attachZones } from './zones'
import { skipAheadStart, toMs } from './seriesStart'

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
  /** what was left out, by reason (event data itself never leaves the calendar) */
  skipped: SkipTally
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
type Event = InstanceType<typeof ICAL.Event>

/** Parses what can be read; throws CalendarParseError only when there is no VCALENDAR at all. */
export function parseCalendar(text: string, skipped: SkipTally = {}): Component {
  const clean = sanitizeCalendarText(text, skipped)
  if (clean === null) throw new CalendarParseError('not an iCalendar file (no BEGIN:VCALENDAR)')
  try {
    return new ICAL.Component(ICAL.parse(clean) as never)
  } catch (error) {
    throw new CalendarParseError(
      `not a valid iCalendar file: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

export function expandCalendar(text: string, options: ExpandOptions): ExpandResult {
  const skipped: SkipTally = {}
  return expandComponent(parseCalendar(text, skipped), options, skipped)
}

export function expandComponent(calendar: Component, options: ExpandOptions, skipped: SkipTally = {}): ExpandResult {
  const me = new Set(options.myEmails.map((email) => email.trim().toLowerCase()))
  const myDomains = new Set([...me].map(domainOf).filter((d): d is string => d !== null))
  const unknownZones = attachZones(calendar)
  const masters = new Map<string, Component>()
  /** overrides by UID, then by the instant of the occurrence they replace */
  const overrides = new Map<string, Map<number, Component>>()
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    if (usesZone(vevent, unknownZones)) tally(skipped, 'zone unknown')
    else if (!hasPossibleDates(vevent, skipped)) tally(skipped, 'impossible date')
    else if (!vevent.hasProperty('recurrence-id')) keepNewest(masters, eventUid(vevent), vevent)
    else {
      const originalMs = readMs(() => vevent.getFirstPropertyValue('recurrence-id') as Time)
      if (originalMs === null) {
        tally(skipped, 'malformed override')
        continue
      }
      const uid = eventUid(vevent)
      const own = overrides.get(uid) ?? new Map<number, Component>()
      overrides.set(uid, own)
      keepNewest(own, originalMs, vevent)
    }
  }
  const events: CalendarEventInstance[] = []
  const read: ReadContext = { described: new Map(), me, myDomains, options, events, skipped }
  let complete = true
  for (const [uid, master] of masters) {
    if (options.deadline !== undefined && Date.now() > options.deadline) {
      complete = false
      break
    }
    const own = overrides.get(uid) ?? new Map<number, Component>()
    try {
      const event = new ICAL.Event(master, { exceptions: [] })
      if (event.isRecurring()) expandRecurring(event, uid, own, read)
      else addOccurrence(read, event, uid, event.startDate, own)
    } catch (error) {
      if (error instanceof DeadlinePassed) {
        complete = false
        break
      }
      tally(skipped, 'unreadable event')
    }
  }
  // Overrides whose occurrence is not in the series read (a shared single instance, or one
  // moved from far outside the range) still happened where they say.
  for (const [uid, own] of overrides) {
    for (const [originalMs, vevent] of own) {
      const times = overrideTimes(vevent)
      if (times) addInstance(read, vevent, uid, times.start, times.end, originalMs)
      else tally(skipped, 'malformed override')
    }
  }
  events.sort((a, b) => a.startMs - b.startMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return { events, skipped, complete }
}

function keepNewest<K>(versions: Map<K, Component>, key: K, vevent: Component): void {
  const current = versions.get(key)
  if (!current || isNewerVersion(vevent, current)) versions.set(key, vevent)
}

const TIME_PROPERTIES = ['dtstart', 'dtend', 'recurrence-id', 'rdate', 'exdate', 'due']

function usesZone(vevent: Component, zones: ReadonlySet<string>): boolean {
  if (zones.size === 0) return false
  return TIME_PROPERTIES.some((name) =>
    vevent.getAllProperties(name).some((p) => zones.has(String(p.getParameter('tzid')))),
  )
}

/**
 * RFC 5545 dates that do not exist (30 February) are not rolled into the next month: an event
 * starting on one is skipped (false); an impossible RDATE or EXDATE value is dropped and counted.
 */
function hasPossibleDates(vevent: Component, skipped: SkipTally): boolean {
  for (const name of ['dtstart', 'dtend', 'recurrence-id']) {
    const value = vevent.getFirstProperty(name)?.jCal[3]
    if (typeof value === 'string' && !isPossibleDate(value)) return false
  }
  for (const name of ['rdate', 'exdate']) {
    for (const property of vevent.getAllProperties(name)) {
      const values = property.jCal.slice(3)
      const possible = values.filter((value) => typeof value !== 'string' || isPossibleDate(value))
      if (possible.length === values.length) continue
      if (name === 'rdate') tally(skipped, 'impossible date', values.length - possible.length)
      if (possible.length === 0) vevent.removeProperty(property)
      else property.jCal.splice(3, values.length, ...possible)
    }
  }
  return true
}

const DATE_VALUE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?/

function isPossibleDate(value: string): boolean {
  const match = DATE_VALUE.exec(value)
  if (!match) return true // not a date: reading it fails and says so
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0))
  const daysInMonth = new Date(Date.UTC(year ?? 0, month ?? 0, 0)).getUTCDate()
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60
}

interface ReadContext {
  /** components already described in this expansion */
  described: Map<Component, EventDescription>
  me: Set<string>
  myDomains: Set<string>
  options: ExpandOptions
  events: CalendarEventInstance[]
  skipped: SkipTally
}

/** Rules whose every occurrence falls on DTSTART's day of the month (so a missing day is rolled by ical.js). */
function keepsDayOfMonth(rule: InstanceType<typeof ICAL.Recur> | null): boolean {
  if (!rule || (rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY')) return false
  const parts = rule.parts as Record<string, unknown>
  return !['BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS'].some((part) => part in parts)
}

function expandRecurring(event: Event, uid: string, overrides: Map<number, Component>, read: ReadContext): void {
  const { fromMs, toMs: untilMs } = read.options
  const durationMs = event.duration.toSeconds() * 1000
  const start = event.startDate
  const startMs = toMs(start)
  const rule = (event.component.getFirstPropertyValue('rrule') as InstanceType<typeof ICAL.Recur> | null) ?? null
  const rdates = new Set(
    event.component
      .getAllProperties('rdate')
      .flatMap((p) => p.getValues())
      .map((value) => toMs(value as Time)),
  )
  const lastRdateMs = Math.max(Number.NEGATIVE_INFINITY, ...rdates)
  const exdates = new Set(
    event.component
      .getAllProperties('exdate')
      .flatMap((p) => p.getValues())
      .map((value) => toMs(value as Time)),
  )
  const fixedDay = keepsDayOfMonth(rule)
  // DTSTART is always the first instance (RFC 5545 3.8.5.3), even when the rule would not
  // produce it; it then counts as one of the rule's COUNT. COUNT is counted here, not by ical.js,
  // where a rule can produce impossible dates: those are skipped and not counted (3.3.10).
  let ruleLeft = rule?.count ?? Number.POSITIVE_INFINITY
  if (rule && fixedDay) rule.count = null
  // A series years older than the range starts near it (an occurrence overlapping fromMs included).
  const iterator = event.iterator(skipAheadStart(event, fromMs - durationMs))
  let first = iterator.next()
  if (first && toMs(first) === startMs) {
    if (!rdates.has(startMs)) ruleLeft--
    addOccurrence(read, event, uid, first, overrides)
    first = iterator.next()
  } else {
    // Counted even when an EXDATE removes it: EXDATE applies to the set COUNT bounded.
    ruleLeft--
    if (!exdates.has(startMs) && startMs + durationMs > fromMs && startMs < untilMs)
      addOccurrence(read, event, uid, start, overrides)
  }
  let occurrence = first
  const deadline = read.options.deadline
  for (let n = 0; occurrence; n++, occurrence = iterator.next()) {
    if (deadline !== undefined && (n & 255) === 255 && Date.now() > deadline) throw new DeadlinePassed()
    if (n >= MAX_OCCURRENCES_PER_EVENT) {
      tally(read.skipped, 'too many occurrences')
      return
    }
    const originalMs = toMs(occurrence)
    // Past the range; an override of a later occurrence is placed on its own afterwards.
    if (originalMs >= untilMs) return
    if (!rdates.has(originalMs)) {
      if (ruleLeft <= 0) {
        if (originalMs > lastRdateMs) return
        continue
      }
      // ical.js rolls 29 February into 1 March: that occurrence does not exist, skip it.
      if (fixedDay && occurrence.day !== start.day) {
        if (originalMs + durationMs > fromMs) tally(read.skipped, 'impossible date')
        continue
      }
      ruleLeft--
    }
    if (originalMs + durationMs <= fromMs) continue
    addOccurrence(read, event, uid, occurrence, overrides)
  }
}

/** One occurrence of a series, or its override when there is one (used up: it is not also added on its own). */
function addOccurrence(
  read: ReadContext,
  event: Event,
  uid: string,
  occurrence: Time,
  overrides: Map<number, Component>,
): void {
  const originalMs = toMs(occurrence)
  const override = overrides.get(originalMs)
  if (override) {
    overrides.delete(originalMs)
    const times = overrideTimes(override)
    // Where a broken override moved the meeting is unknown: it is not offered at its old time either.
    if (times) addInstance(read, override, uid, times.start, times.end, originalMs)
    else tally(read.skipped, 'malformed override')
    return
  }
  // The first instance ends at its DTEND (the real length across a DST change); later ones as ical.js reads them.
  let end = event.endDate
  if (originalMs !== toMs(event.startDate)) {
    end = occurrence.clone()
    end.addDuration(event.duration)
  }
  addInstance(read, event.component, uid, occurrence, end, originalMs)
}

function overrideTimes(vevent: Component): { start: Time; end: Time } | null {
  try {
    const event = new ICAL.Event(vevent, { exceptions: [] })
    const start = event.startDate
    const end = event.endDate
    if (!start || !end || !Number.isFinite(toMs(start)) || !Number.isFinite(toMs(end))) return null
    return { start, end }
  } catch {
    return null
  }
}

function readMs(read: () => Time | null): number | null {
  try {
    const time = read()
    const ms = time ? toMs(time) : Number.NaN
    return Number.isFinite(ms) ? ms : null
  } catch {
    return null
  }
}

function addInstance(
  read: ReadContext,
  vevent: Component,
  uid: string,
  start: Time,
  end: Time,
  originalMs: number,
): void {
  const startMs = toMs(start)
  const endMs = Math.max(startMs, toMs(end))
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) {
    tally(read.skipped, 'unreadable event')
    return
  }
  if (endMs <= read.options.fromMs || startMs >= read.options.toMs) return
  read.events.push({
    key: `${uid}#${originalMs}`,
    uid,
    startMs,
    endMs,
    allDay: start.isDate,
    ...describeEvent(vevent, read),
  })
}
