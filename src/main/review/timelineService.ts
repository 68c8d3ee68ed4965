// The day timeline: entries and activity (from signals) on one axis, idle and away visible.
import type { ActivitySpan, Timeline } from '../../shared/contract/entries'
import type { Settings } from '../../shared/domain'
import { AppError } from '../base/appError'
import { toIso } from '../base/clock'
import { rowToEntry, type EntryRow } from '../store/entries'
import type { Database } from '../store/database'
import { isAwayGap, scanActivity } from './activityScan'
import type { ReviewService } from './reviewService'
import { prepared } from '../store/prepared'

/** The longest range one timeline call reads: a week (the view asks for one day, 23–25 hours). */
export const MAX_TIMELINE_RANGE_MS = 7 * 24 * 3600_000

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
      const current = settings()
      const { runs, gaps } = scanActivity(db, fromSec, toSec)
      const activity: ActivitySpan[] = [
        ...runs.map((run) => ({
          started_at: toIso(run.startSec * 1000),
          ended_at: toIso(run.endSec * 1000),
          kind: 'active' as const,
          app: run.app,
          events: run.events,
        })),
        ...gaps.map((gap) => ({
          started_at: toIso(gap.startSec * 1000),
          ended_at: toIso(gap.endSec * 1000),
          kind: isAwayGap(gap, current) ? ('away' as const) : ('idle' as const),
          app: null,
          events: 0,
        })),
      ].sort((a, b) => a.started_at.localeCompare(b.started_at))
      return {
        from,
        to,
        entries: entriesBetween.all(from, to).map((row) => review.toReview(rowToEntry(row))),
        activity,
      }
    },
  }
}
