// Which expanded events count as time the user spent: each skip rule is a setting.
import type { CalendarEventInstance } from './types'

export interface CalendarFilterSettings {
  calendar_skip_cancelled: boolean
  calendar_skip_declined: boolean
  calendar_skip_transparent: boolean
  calendar_skip_all_day: boolean
  /** events of 12 h or more (multi-day blocks, "out of office") */
  calendar_skip_long: boolean
}

export const LONG_EVENT_MS = 12 * 3_600_000

export type SkipReason = 'cancelled' | 'declined' | 'transparent' | 'all_day' | 'long' | 'empty'

export function skipReason(event: CalendarEventInstance, settings: CalendarFilterSettings): SkipReason | null {
  if (event.endMs <= event.startMs) return 'empty'
  if (settings.calendar_skip_cancelled && event.cancelled) return 'cancelled'
  if (settings.calendar_skip_declined && event.myStatus === 'declined') return 'declined'
  if (settings.calendar_skip_transparent && event.transparent) return 'transparent'
  if (settings.calendar_skip_all_day && event.allDay) return 'all_day'
  if (settings.calendar_skip_long && event.endMs - event.startMs >= LONG_EVENT_MS) return 'long'
  return null
}

export function meetingsToSuggest(
  events: readonly CalendarEventInstance[],
  settings: CalendarFilterSettings,
): CalendarEventInstance[] {
  return events.filter((event) => skipReason(event, settings) === null)
}

/** The meetings the user attends as plain intervals: what the presence model keeps quiet stretches in. */
export function attendedIntervals(
  events: readonly CalendarEventInstance[],
  settings: CalendarFilterSettings,
): Array<{ startMs: number; endMs: number }> {
  return meetingsToSuggest(events, settings).map(({ startMs, endMs }) => ({ startMs, endMs }))
}
