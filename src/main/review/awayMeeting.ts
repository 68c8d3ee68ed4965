// The away prompt and the calendar (#16): an absence that was a calendar meeting (in person,
// the machine asleep) is offered first as that meeting, with the client and project its rules
// give; keeping it replaces the calendar-only draft the heuristics may already have made, so the
// time is never billed twice.
import type { AwayMeeting } from '../../shared/contract/entries'
import { eventClassification } from '../../shared/calendar/eventRules'
import { meetingsToSuggest } from '../../shared/calendar/filter'
import type { Settings } from '../../shared/domain'
import { formatIsoUtc } from '../../shared/isoTime'
import { createCalendarRepository } from '../store/calendars'
import type { WritableDB } from '../store/database'

/** A meeting must cover at least this much of the absence to be offered. */
const MIN_OVERLAP_MS = 5 * 60_000

export function meetingDuring(db: WritableDB, settings: Settings, startMs: number, endMs: number): AwayMeeting | null {
  const overlap = (e: { startMs: number; endMs: number }) => Math.min(e.endMs, endMs) - Math.max(e.startMs, startMs)
  const best = meetingsToSuggest(createCalendarRepository(db).eventsBetween(startMs, endMs), settings)
    .filter((event) => overlap(event) >= MIN_OVERLAP_MS)
    .sort((a, b) => overlap(b) - overlap(a) || a.startMs - b.startMs)[0]
  if (!best) return null
  const classification = eventClassification(best, settings.classification_rules)
  return {
    title: best.title || 'Untitled event',
    started_at: formatIsoUtc(best.startMs),
    ended_at: formatIsoUtc(best.endMs),
    project_id: classification?.projectId ?? null,
    client_id: classification?.clientId ?? null,
  }
}
