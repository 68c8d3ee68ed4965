// Where the expansion starts iterating a recurring series (expand.ts), and how it reads an ical.js
// time as epoch milliseconds: a range years after DTSTART costs only the range.
import ICAL from 'ical.js'

type Time = InstanceType<typeof ICAL.Time>
type Event = InstanceType<typeof ICAL.Event>

const DAY_MS = 86_400_000
/** The only BY-part that keeps the same occurrences when DTSTART moves by whole weeks of the rule. */
const SHIFTABLE_PARTS = new Set(['BYDAY'])

/**
 * Where to start iterating a series so a range years after its DTSTART costs only the range:
 * a daily or weekly rule without COUNT (and with nothing but plain weekdays) repeats whole weeks,
 * so DTSTART moves ahead by whole periods of the rule (same weekday and wall-clock time, its zone
 * keeps DST right) to just before `beforeMs`. The occurrences skipped are all before the range;
 * an override of one of them is still placed where it says (overrides left over are added on
 * their own). Anything else (COUNT, RDATE, month rules) is iterated from DTSTART: short or few.
 */
export function skipAheadStart(event: Event, beforeMs: number): Time | undefined {
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
  // DTSTART on a day the rule does not list is an extra first instance: moved, it would be one more.
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

/** Floating times (no zone) are the user's wall clock, so the machine's zone reads them. */
export function toMs(time: Time): number {
  if (time.zone === ICAL.Timezone.localTimezone || time.isDate) {
    return new Date(time.year, time.month - 1, time.day, time.hour, time.minute, time.second).getTime()
  }
  return time.toUnixTime() * 1000
}
