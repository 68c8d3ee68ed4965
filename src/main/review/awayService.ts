// The away prompt: finds the latest absence longer than the idle threshold that the user has not
// decided about yet, and applies the decision (discard, keep as work on the previous entry, or
// assign to a project/client with a note). Each decision is undoable like any review action.
import { randomUUID } from 'node:crypto'
import type { AwayDecision, AwayPeriod, ReviewChange } from '../../shared/contract/entries'
import type { LocalEntry, Settings } from '../../shared/domain'
import { AppError } from '../base/appError'
import { toIso, type Clock } from '../base/clock'
import { insertEntries, rowToEntry, saveEntry, type EntryRow } from '../store/entries'
import type { Database } from '../store/database'
import { isAbsence, scanPresence } from './activityScan'
import { calendarDraftsWithin, deleteEntryRows, meetingDuring } from './awayMeeting'
import { minutesBetween, normalizeIso, type ReviewService } from './reviewService'
import { prepared } from '../store/prepared'

/** How far back the prompt looks: yesterday's lunch is not worth asking about tomorrow. */
const LOOKBACK_SECONDS = 24 * 3600
/** Longer gaps are nights and weekends, not breaks: never prompted. */
const MAX_PROMPT_SECONDS = 10 * 3600

export interface AwayService {
  next(): AwayPeriod | null
  decide(decision: AwayDecision): ReviewChange
}

export function createAwayService(db: Database, clock: Clock, settings: () => Settings, review: ReviewService): AwayService {
  const nowIso = () => toIso(clock.now())
  const decided = prepared<[string, string], { decision: string }>(
    db,
    'SELECT decision FROM away_decisions WHERE started_at = ? AND ended_at = ?',
  )
  const recordDecision = prepared<[string, string, string, string]>(
    db,
    'INSERT OR REPLACE INTO away_decisions (started_at, ended_at, decision, decided_at) VALUES (?, ?, ?, ?)',
  )
  // The entry the user was working on when they left: the latest one that started before.
  const previousPending = prepared<[string], EntryRow>(
    db,
    "SELECT * FROM entries WHERE status = 'pending' AND started_at < ? ORDER BY ended_at DESC LIMIT 1",
  )
  const nextStart = prepared<[string, string], { started_at: string }>(
    db,
    "SELECT started_at FROM entries WHERE status <> 'rejected' AND started_at > ? AND id <> ? ORDER BY started_at LIMIT 1",
  )

  function newEntry(startedAt: string, endedAt: string, fields: Partial<LocalEntry>, reason: string): LocalEntry {
    const activity = fields.activity_type ?? 'other'
    return {
      id: randomUUID(),
      started_at: startedAt,
      ended_at: endedAt,
      duration_minutes: minutesBetween(startedAt, endedAt),
      status: 'pending',
      source: 'manual',
      activity_type: activity,
      project_id: fields.project_id ?? null,
      client_id: fields.client_id ?? null,
      notes: fields.notes ?? null,
      // The user said what this time was: full confidence, nothing left to verify.
      context_data: { confidence: 1, applications: [], primary_activity: activity, reasons: [reason] },
      sync_state: 'local',
      user_touched: true,
      server_ids: [],
      sync_error: null,
      created_at: nowIso(),
      updated_at: nowIso(),
    }
  }

  return {
    next() {
      const nowSec = Math.floor(clock.now() / 1000)
      const current = settings()
      const spans = scanPresence(db, current, nowSec - LOOKBACK_SECONDS, nowSec + 1)
      for (let i = spans.length - 1; i >= 0; i--) {
        const span = spans[i]!
        const seconds = (span.endMs - span.startMs) / 1000
        if (seconds > MAX_PROMPT_SECONDS || !isAbsence(span, current)) continue
        const startedAt = toIso(span.startMs)
        const endedAt = toIso(span.endMs)
        // Only the latest absence is asked about: the user just came back from it. Older
        // unanswered ones keep the default (discarded) instead of queueing up a string of prompts.
        if (decided.get(startedAt, endedAt)) return null
        return {
          started_at: startedAt,
          ended_at: endedAt,
          minutes: Math.round(seconds / 60),
          previous_entry_id: previousPending.get(startedAt)?.id ?? null,
          last_app: span.app,
          meeting: meetingDuring(db, current, span.startMs, span.endMs),
        }
      }
      return null
    },

    decide(decision) {
      const startedAt = normalizeIso(decision.started_at)
      const endedAt = normalizeIso(decision.ended_at)
      if (Date.parse(endedAt) <= Date.parse(startedAt)) throw new AppError('invalid_input', 'the absence must end after it starts')
      return db.transaction((): ReviewChange => {
        const awayKey = `${startedAt}|${endedAt}`
        recordDecision.run(startedAt, endedAt, decision.decision, nowIso())
        if (decision.decision === 'discard') {
          review.record({ label: 'Discarded away time', beforeRows: [], createdIds: [], decidedIds: [], awayKey })
          return { label: 'Discarded away time', entries: [], removed_ids: [] }
        }
        if (decision.decision === 'keep') {
          const row = previousPending.get(startedAt)
          if (row) {
            const entry = rowToEntry(row)
            // Extend up to the end of the absence, never over the next entry.
            const limit = nextStart.get(entry.started_at, entry.id)?.started_at
            const end = limit && limit < endedAt ? limit : endedAt
            if (end > entry.ended_at) {
              const next = { ...entry, ended_at: end, duration_minutes: minutesBetween(entry.started_at, end), user_touched: true, updated_at: nowIso() }
              next.context_data = { ...entry.context_data, reasons: [...entry.context_data.reasons, 'away time kept as work'] }
              saveEntry(db, next)
            }
            review.record({ label: 'Kept away time as work', beforeRows: [row], createdIds: [], decidedIds: [], awayKey })
            return { label: 'Kept away time as work', entries: review.reviewEntries([entry.id]), removed_ids: [] }
          }
          const created = newEntry(startedAt, endedAt, {}, 'away time kept as work')
          insertEntries(db, [created])
          review.record({ label: 'Kept away time as work', beforeRows: [], createdIds: [created.id], decidedIds: [], awayKey })
          return { label: 'Kept away time as work', entries: [review.toReview(created)], removed_ids: [] }
        }
        const created = newEntry(
          startedAt,
          endedAt,
          { project_id: decision.project_id, client_id: decision.client_id, notes: decision.notes, activity_type: decision.activity_type },
          'assigned from the away prompt',
        )
        // A calendar-only draft of this time is replaced (and comes back with undo).
        const drafts = calendarDraftsWithin(db, startedAt, endedAt)
        deleteEntryRows(db, drafts)
        insertEntries(db, [created])
        review.record({ label: 'Assigned away time', beforeRows: drafts, createdIds: [created.id], decidedIds: [], awayKey })
        return { label: 'Assigned away time', entries: [review.toReview(created)], removed_ids: drafts.map((row) => row.id) }
      })()
    },
  }
}
