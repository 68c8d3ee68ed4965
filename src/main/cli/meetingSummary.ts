// One stderr line on what happened to the calendar's meetings (`process`, `calendar list`), so a
// meeting that did not become an entry is never a mystery. Silent when there is no calendar.
import type { MeetingCounts } from '../calendar/calendarService'

export function meetingSummary(counts: MeetingCounts): string | null {
  const total = counts.waiting + counts.upcoming + counts.joined + counts.worked_through
  if (total === 0) return null
  return (
    `meetings: ${counts.joined} joined into entries, ${counts.worked_through} flagged as worked through (focused work in another app filled them), ` +
    `${counts.waiting} waiting (ended: the next process joins them; one older than 60 days only once signals of its day are processed), ${counts.upcoming} not ended yet\n`
  )
}
