// What a calendar file holds, independent of any date range: how many events (a recurring series
// counts once) and the dates they span, so `calendar add` of a past calendar says where its
// events are instead of "0 events" (#23). Pure; read once per parse in the worker.
import ICAL from 'ical.js'
import { toMs } from './seriesStart'

export interface CalendarSummary {
  /** VEVENTs that stand for meetings: series, single events and overrides without their series */
  events: number
  /** the earliest start, null for a calendar without events */
  firstStartMs: number | null
  /** the latest end of anything with an end; null without events */
  lastEndMs: number | null
  /** a series repeats without UNTIL or COUNT: it goes on after `lastEndMs` */
  openEnded: boolean
}

type Component = InstanceType<typeof ICAL.Component>

export function summarizeCalendar(calendar: Component): CalendarSummary {
  const summary: CalendarSummary = { events: 0, firstStartMs: null, lastEndMs: null, openEnded: false }
  const vevents = calendar.getAllSubcomponents('vevent')
  const series = new Set(
    vevents.filter((v) => !v.hasProperty('recurrence-id')).map((v) => String(v.getFirstPropertyValue('uid') ?? '')),
  )
  for (const vevent of vevents) {
    let event: InstanceType<typeof ICAL.Event>
    try {
      event = new ICAL.Event(vevent)
    } catch {
      continue // the expansion counts what it cannot read
    }
    const override = vevent.hasProperty('recurrence-id')
    // An override of a series in the file is part of that series' count.
    if (!override || !series.has(event.uid ?? '')) summary.events++
    const startMs = toMs(event.startDate)
    const endMs = event.endDate ? toMs(event.endDate) : startMs
    summary.firstStartMs = Math.min(summary.firstStartMs ?? startMs, startMs)
    summary.lastEndMs = Math.max(
      summary.lastEndMs ?? endMs,
      endMs,
      override ? endMs : lastRuleEnd(event, endMs - startMs),
    )
    if (!override && vevent.getAllProperties('rrule').some((property) => endlessRule(property.getFirstValue())))
      summary.openEnded = true
  }
  return summary
}

function endlessRule(value: unknown): boolean {
  const rule = value as InstanceType<typeof ICAL.Recur>
  return !rule.until && !rule.count
}

/** A series with COUNT is walked this far at most to find its last occurrence. */
const MAX_COUNTED = 5000

/** The end of a series' last occurrence: by UNTIL, or by walking a COUNT rule (endless rules: their first). */
function lastRuleEnd(event: InstanceType<typeof ICAL.Event>, durationMs: number): number {
  let last = toMs(event.startDate) + durationMs
  for (const property of event.component.getAllProperties('rrule')) {
    const rule = property.getFirstValue() as InstanceType<typeof ICAL.Recur>
    if (rule.until) last = Math.max(last, toMs(rule.until) + durationMs)
    else if (rule.count) {
      const iterator = rule.iterator(event.startDate)
      for (
        let n = 0, next = iterator.next();
        next && n < Math.min(rule.count, MAX_COUNTED);
        n++, next = iterator.next()
      ) {
        last = Math.max(last, toMs(next) + durationMs)
      }
    }
  }
  return last
}
