// Where the calendar's meetings stand, for `process` and `calendar list` (read-only over the
// tables of migration 0008 and the entries' context_data.calendar written by the join).
import type { ReadableDB } from './database'
import { prepared } from './prepared'

export interface MeetingCounts {
  /** ended, not joined yet: the next round joins them (#23); one older than 60 days only once signals of its day are processed */
  waiting: number
  /** not ended yet */
  upcoming: number
  /** became an entry: joined to captured time, or a calendar-only draft when the machine was away */
  joined: number
  /** flagged: focused work in another app filled most of the meeting (worked through it?) */
  worked_through: number
}

const COUNTS = `SELECT
  (SELECT count(DISTINCT event_key) FROM calendar_events WHERE end_ms <= @now AND event_key NOT IN (SELECT event_key FROM calendar_joined)) AS waiting,
  (SELECT count(DISTINCT event_key) FROM calendar_events WHERE end_ms > @now AND event_key NOT IN (SELECT event_key FROM calendar_joined)) AS upcoming,
  (SELECT count(*) FROM entries WHERE json_extract(context_data, '$.calendar.kind') IN ('meeting', 'calendar_only')) AS joined,
  (SELECT count(*) FROM entries WHERE json_extract(context_data, '$.calendar.kind') = 'worked_through') AS worked_through`

export function meetingCounts(db: ReadableDB, nowMs: number): MeetingCounts {
  return prepared<[{ now: number }], MeetingCounts>(db, COUNTS).get({ now: nowMs })!
}
