// The away prompt: finds the latest absence longer than the idle threshold that the user has not
// decided about yet, and applies the decision (discard, keep as work on the previous entry, or
// assign to a project/client with a note). Each decision is undoable like any review action.
import { randomUUID } from 'node:crypto'
import type { AwayDecision, AwayPeriod, ReviewChange } from '../../shared/contract/entries'
import type { LocalEntry, Settings } from '../../shared/domain'
import { AppError } from '../base/appError'
import { type Clock } from '../base/clock'
import {
  calendarOnlyDraftsWithin,
  deleteEntries,
  insertEntries,
  latestPendingStartedBefore,
  nextEntryStart,
  rowToEntry,
  saveEntry,
} from '../store/entries'
import { awayDecision, recordAwayDecision } from '../store/awayDecisions'
import type { WritableDB } from '../store/database'
import { isAbsence, scanPresence } from './activityScan'
import { meetingDuring } from './awayMeeting'
import { minutesBetween, normalizeIso, type ReviewService } from './reviewService'
import { isoSeconds } from '../../shared/isoTime'
import { inTransaction } from '../store/transaction'

/** How far back the prompt looks: yesterday's lunch is not worth asking about tomorrow. */
const LOOKBACK_SECONDS = 24 * 3600
/** Longer gaps are nights and weekends, not breaks: never prompted. */
const MAX_PROMPT_SECONDS = 10 * 3600

export interface AwayService {
  next(): AwayPeriod | null
  decide(decision: AwayDecision): ReviewChange
}

export function createAwayService(
  db: WritableDB,
  clock: Clock,
  settings: () => Settings,
  review: ReviewService,
): AwayService {
  const nowIso = () => isoSeconds(clock.now())
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
        const startedAt = isoSeconds(span.startMs)
        const endedAt = isoSeconds(span.endMs)
        // Only the latest absence is asked about: the user just came back from it. Older
        // unanswered ones keep the default (discarded) instead of queueing up a string of prompts.
        if (awayDecision(db, startedAt, endedAt)) return null
        return {
          started_at: startedAt,
          ended_at: endedAt,
          minutes: Math.round(seconds / 60),
          previous_entry_id: latestPendingStartedBefore(db, startedAt)?.id ?? null,
          last_app: span.app,
          meeting: meetingDuring(db, current, span.startMs, span.endMs),
        }
      }
      return null
    },

    decide(decision) {
      const startedAt = normalizeIso(decision.started_at)
      const endedAt = normalizeIso(decision.ended_at)
      if (Date.parse(endedAt) <= Date.parse(startedAt))
        throw new AppError('invalid_input', 'the absence must end after it starts')
      return inTransaction(db, (): ReviewChange => {
        const awayKey = `${startedAt}|${endedAt}`
        recordAwayDecision(db, startedAt, endedAt, decision.decision, nowIso())
        if (decision.decision === 'discard') {
          review.record({ label: 'Discarded away time', beforeRows: [], createdIds: [], decidedIds: [], awayKey })
          return { label: 'Discarded away time', entries: [], removed_ids: [] }
        }
        if (decision.decision === 'keep') {
          const row = latestPendingStartedBefore(db, startedAt)
          if (row) {
            const entry = rowToEntry(row)
            // Extend up to the end of the absence, never over the next entry.
            const limit = nextEntryStart(db, entry.started_at, entry.id)
            const end = limit && limit < endedAt ? limit : endedAt
            if (end > entry.ended_at) {
              const next = {
                ...entry,
                ended_at: end,
                duration_minutes: minutesBetween(entry.started_at, end),
                user_touched: true,
                updated_at: nowIso(),
              }
              next.context_data = {
                ...entry.context_data,
                reasons: [...entry.context_data.reasons, 'away time kept as work'],
              }
              saveEntry(db, next)
            }
            review.record({
              label: 'Kept away time as work',
              beforeRows: [row],
              createdIds: [],
              decidedIds: [],
              awayKey,
            })
            return { label: 'Kept away time as work', entries: review.reviewEntries([entry.id]), removed_ids: [] }
          }
          const created = newEntry(startedAt, endedAt, {}, 'away time kept as work')
          insertEntries(db, [created])
          review.record({
            label: 'Kept away time as work',
            beforeRows: [],
            createdIds: [created.id],
            decidedIds: [],
            awayKey,
          })
          return { label: 'Kept away time as work', entries: [review.toReview(created)], removed_ids: [] }
        }
        const created = newEntry(
          startedAt,
          endedAt,
          {
            project_id: decision.project_id,
            client_id: decision.client_id,
            notes: decision.notes,
            activity_type: decision.activity_type,
          },
          'assigned from the away prompt',
        )
        // A calendar-only draft of this time is replaced (and comes back with undo).
        const drafts = calendarOnlyDraftsWithin(db, startedAt, endedAt)
        deleteEntries(
          db,
          drafts.map((row) => row.id),
        )
        insertEntries(db, [created])
        review.record({
          label: 'Assigned away time',
          beforeRows: drafts,
          createdIds: [created.id],
          decidedIds: [],
          awayKey,
        })
        return {
          label: 'Assigned away time',
          entries: [review.toReview(created)],
          removed_ids: drafts.map((row) => row.id),
        }
      })
    },
  }
}
