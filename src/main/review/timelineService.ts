// The day timeline: entries and activity (from signals) on one axis, idle and away visible.
import type { ActivitySpan, Timeline } from '../../shared/contract/entries'
import type { Settings } from '../../shared/domain'
import { AppError } from '../base/appError'
import { entriesOverlapping, rowToEntry } from '../store/entries'
import type { WritableDB } from '../store/database'
import { scanPresence, type PresenceSpan } from './activityScan'
import type { ReviewService } from './reviewService'
import { isoSeconds } from '../../shared/isoTime'

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

export function createTimelineService(db: WritableDB, settings: () => Settings, review: ReviewService) {
  return {
    day(from: string, to: string): Timeline {
      const span = Date.parse(to) - Date.parse(from)
      if (!(span >= 0)) throw new AppError('invalid_input', `timeline range ends before it starts (${from} – ${to})`)
      if (span > MAX_TIMELINE_RANGE_MS)
        throw new AppError(
          'invalid_input',
          `timeline range too long: at most ${MAX_TIMELINE_RANGE_MS / 3600_000} hours per call`,
        )
      const fromSec = Math.floor(Date.parse(from) / 1000)
      const toSec = Math.ceil(Date.parse(to) / 1000)
      const activity: ActivitySpan[] = scanPresence(db, settings(), fromSec, toSec)
        .filter((span) => span.kind !== 'active' || span.endMs > span.startMs)
        .map((span) => ({
          started_at: isoSeconds(span.startMs),
          ended_at: isoSeconds(span.endMs),
          kind: TIMELINE_KIND[span.kind],
          app: span.kind === 'active' ? span.app : null,
          events: span.events,
        }))
      return {
        from,
        to,
        entries: entriesOverlapping(db, from, to).map((row) => review.toReview(rowToEntry(row))),
        activity,
      }
    },
  }
}
