// The day timeline: entries and activity (from signals) on one axis, idle and away visible.
import type { ActivitySpan, Timeline } from '../../shared/contract/entries'
import type { Settings } from '../../shared/domain'
import { AppError } from '../base/appError'
import { toIso } from '../base/clock'
import { rowToEntry, type EntryRow } from '../store/entries'
import type { Database } from '../store/database'
import { scanPresence, type PresenceSpan } from './activityScan'
import type { ReviewService } from './reviewService'
import { prepared } from '../store/prepared'

/** The longest range one timeline call reads: a week (the view asks for one day, 23–25 hours). */
export const MAX_TIMELINE_RANGE_MS = 7 * 24 * 3600_000

/** How the timeline names presence: a lock is an absence like any other there. */
const TIMELINE_KIND: Record<PresenceSpan['kind'], ActivitySpan['kind']> = {
  active: 'active',
  idle: 'idle',
  meeting_quiet: 'meeting',
  away: 'away',
  locked: 'away',
}

export function createTimelineService(db: Database, settings: () => Settings, review: ReviewService) {
  const entriesBetween = prepared<[string, string], EntryRow>(
    db,
    "SELECT * FROM entries WHERE status <> 'rejected' AND ended_at > ? AND started_at < ? ORDER BY started_at, id",
  )
  return {
    day(from: string, to: string): Timeline {
      const span = Date.parse(to) - Date.parse(from)
      if (!(span >= 0)) throw new AppError('invalid_input', `timeline range ends before it starts (${from} – ${to})`)
      if (span > MAX_TIMELINE_RANGE_MS) throw new AppError('invalid_input', `timeline range too long: at most ${MAX_TIMELINE_RANGE_MS / 3600_000} hours per call`)
      const fromSec = Math.floor(Date.parse(from) / 1000)
      const toSec = Math.ceil(Date.parse(to) / 1000)
      const activity: ActivitySpan[] = scanPresence(db, settings(), fromSec, toSec)
        .filter((span) => span.kind !== 'active' || span.endMs > span.startMs)
        .map((span) => ({
          started_at: toIso(span.startMs),
          ended_at: toIso(span.endMs),
          kind: TIMELINE_KIND[span.kind],
          app: span.kind === 'active' ? span.app : null,
          events: span.events,
        }))
      return {
        from,
        to,
        entries: entriesBetween.all(from, to).map((row) => review.toReview(rowToEntry(row))),
        activity,
      }
    },
  }
}
