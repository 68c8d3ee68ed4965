// Review queue capability: pending suggestions become billable time here. Every mutation returns
// a `ReviewChange` (entries to upsert, ids to drop) so the renderer can patch its list in place
// instead of reloading 10,000 rows.
import { z } from 'zod'
import { ActivityType, EntryStatus, IsoUtc, LocalEntry, SyncState } from '../domain'
import { defineEvents, defineMethods, NoInput } from './define'

/** Billing increments the settings allow: none, a tenth of an hour, a quarter of an hour. */
export type BillingIncrement = 0 | 6 | 15

/**
 * Billed duration: each entry is rounded UP to the next whole increment (the usual rule for
 * legal and consulting time: 7 minutes at 6-minute increments bill as 12). An increment of 0
 * bills the exact duration, rounded to the nearest minute.
 */
export function billedMinutes(durationMinutes: number, increment: BillingIncrement): number {
  if (durationMinutes <= 0) return 0
  if (increment === 0) return Math.round(durationMinutes)
  // Tolerate floating-point noise so 12.0000001 minutes does not bill as 18.
  return Math.ceil(durationMinutes / increment - 1e-9) * increment
}

/** An entry as the review queue shows it: the stored entry plus what the user must see. */
export const ReviewEntry = LocalEntry.extend({
  billed_minutes: z.number().min(0),
  /** confidence below the verify threshold: the row shows a badge and the reasons */
  needs_verification: z.boolean(),
  /** UTBMS codes and the client's billing-guideline violations (#30), when the app has a matter list */
  billing: z
    .object({
      task_code: z.string().nullable(),
      activity_code: z.string().nullable(),
      activity_source: z.enum(['user', 'suggested', 'none']),
      activity_reason: z.string().nullable(),
      task_code_missing: z.boolean(),
      violations: z.array(z.object({ code: z.string(), message: z.string() })),
    })
    .optional(),
})
export type ReviewEntry = z.infer<typeof ReviewEntry>

/**
 * Where a page starts: after this entry in newest-first order. A keyset, not an offset, so
 * approving entries while later pages load does not shift them and skip rows.
 */
export const PageCursor = z.object({ started_at: IsoUtc, id: z.string().min(1) })
export type PageCursor = z.infer<typeof PageCursor>

export const PendingPageRequest = z.object({
  after: PageCursor.nullable().default(null),
  limit: z.number().int().min(1).max(5000).default(500),
})

export const PendingPage = z.object({
  /** pending entries in the whole queue, not only this page */
  total: z.number().int().min(0),
  /** newest first */
  entries: z.array(ReviewEntry),
  /** pass as `after` for the next page; null on the last page */
  next: PageCursor.nullable(),
  billing_increment_minutes: z.union([z.literal(0), z.literal(6), z.literal(15)]),
})
export type PendingPage = z.infer<typeof PendingPage>

/** What a mutation did: rows to insert or replace, rows that no longer exist. */
export const ReviewChange = z.object({
  label: z.string(),
  entries: z.array(ReviewEntry),
  removed_ids: z.array(z.string()),
  /** approve/reject of many entries: only the new status travels, not 1,000 full entries */
  decided: z.array(z.object({ id: z.string(), status: EntryStatus, sync_state: SyncState })).optional(),
})
export type ReviewChange = z.infer<typeof ReviewChange>

export const EntryIds = z.object({ ids: z.array(z.string().min(1)).min(1).max(20_000) })

/**
 * Most entry ids one review.changed event (and one review.getEntries call) carries. Beyond it the
 * renderer is told to reload instead: a rules re-apply or a large backfill can touch thousands of
 * entries, and one paged reload beats thousands of ids on the event channel followed by a by-id
 * fetch of each.
 */
export const MAX_CHANGED_IDS = 500

/** Which entries a write inserted, updated in place and deleted. */
export interface EntryDelta {
  added: string[]
  changed: string[]
  removed: string[]
}

const ChangedIds = z.array(z.string().min(1)).max(MAX_CHANGED_IDS)

/** Entries changed outside the renderer's own calls, named so the queue patches only those rows. */
export const ReviewChanged = z.object({
  reason: z.string(),
  added: ChangedIds,
  changed: ChangedIds,
  removed: ChangedIds,
  /** the emitter cannot name the entries (or there are too many to): reload the whole queue */
  reload: z.literal(true).optional(),
})
export type ReviewChanged = z.infer<typeof ReviewChanged>

/** The review.changed payload for a delta, falling back to a reload past MAX_CHANGED_IDS. */
export function reviewChanged(reason: string, delta: EntryDelta): ReviewChanged {
  const { added, changed, removed } = delta
  if (added.length + changed.length + removed.length > MAX_CHANGED_IDS)
    return { reason, added: [], changed: [], removed: [], reload: true }
  return { reason, added, changed, removed }
}

export const EntryLookup = z.object({ ids: z.array(z.string().min(1)).min(1).max(MAX_CHANGED_IDS) })
export const EntryList = z.object({
  /** the entries that still exist, in any status and any order; a missing id was deleted */
  entries: z.array(ReviewEntry),
})

export const EntryEdit = z
  .object({
    project_id: z.string().min(1).max(200).nullable(),
    client_id: z.string().min(1).max(200).nullable(),
    activity_type: ActivityType,
    notes: z.string().max(5000).nullable(),
    started_at: IsoUtc,
    ended_at: IsoUtc,
  })
  .partial()
export type EntryEdit = z.infer<typeof EntryEdit>

export const UpdateRequest = z.object({ id: z.string().min(1), changes: EntryEdit })
export const SplitRequest = z.object({ id: z.string().min(1), at: IsoUtc })
export const MergeRequest = z.object({ ids: z.array(z.string().min(1)).min(2).max(50) })

export const UndoResult = ReviewChange.extend({
  /** what was undone; null when there was nothing to undo */
  undone: z.string().nullable(),
})
export type UndoResult = z.infer<typeof UndoResult>

/** A calendar meeting during an absence (#16). */
export const AwayMeeting = z.object({
  title: z.string(),
  started_at: IsoUtc,
  ended_at: IsoUtc,
  project_id: z.string().nullable(),
  client_id: z.string().nullable(),
})
export type AwayMeeting = z.infer<typeof AwayMeeting>

/** Time nobody was at the machine (no input for longer than the idle threshold, lock, sleep). */
export const AwayPeriod = z.object({
  started_at: IsoUtc,
  ended_at: IsoUtc,
  minutes: z.number().min(0),
  /** the entry just before the absence, which "keep" extends */
  previous_entry_id: z.string().nullable(),
  /** app in front when the user left, e.g. a meeting app */
  last_app: z.string().nullable(),
  /** the calendar meeting the absence was (#16), offered first: "Keep as the meeting 'X'" */
  meeting: AwayMeeting.nullish(),
})
export type AwayPeriod = z.infer<typeof AwayPeriod>

export const AwayDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('discard'), started_at: IsoUtc, ended_at: IsoUtc }),
  z.object({ decision: z.literal('keep'), started_at: IsoUtc, ended_at: IsoUtc }),
  z.object({
    decision: z.literal('assign'),
    started_at: IsoUtc,
    ended_at: IsoUtc,
    project_id: z.string().min(1).max(200).nullable(),
    client_id: z.string().min(1).max(200).nullable(),
    activity_type: ActivityType.default('meeting'),
    notes: z.string().max(5000).nullable(),
  }),
])
export type AwayDecision = z.infer<typeof AwayDecision>

export const TimelineRequest = z.object({ from: IsoUtc, to: IsoUtc })

/** `meeting`: a quiet stretch kept in a meeting (meeting app in front or an attended calendar meeting) */
export const ActivityKind = z.enum(['active', 'idle', 'meeting', 'away'])
/** One stretch of the day's activity, built from signals: active in an app, idle or away. */
export const ActivitySpan = z.object({
  started_at: IsoUtc,
  ended_at: IsoUtc,
  kind: ActivityKind,
  app: z.string().nullable(),
  /** raw input events in the span; 0 for idle and away */
  events: z.number().int().min(0),
})
export type ActivitySpan = z.infer<typeof ActivitySpan>

export const Timeline = z.object({
  from: IsoUtc,
  to: IsoUtc,
  entries: z.array(ReviewEntry),
  activity: z.array(ActivitySpan),
})
export type Timeline = z.infer<typeof Timeline>

export const entryMethods = defineMethods({
  'review.listPending': {
    input: PendingPageRequest,
    output: PendingPage,
    summary: 'A page of pending entries, newest first',
  },
  'review.getEntries': {
    input: EntryLookup,
    output: EntryList,
    summary: 'Entries by id, to patch the queue after review.changed',
  },
  'review.approve': { input: EntryIds, output: ReviewChange, summary: 'Approve entries (queues them for sync)' },
  'review.reject': { input: EntryIds, output: ReviewChange, summary: 'Reject entries (never synced)' },
  'review.update': { input: UpdateRequest, output: ReviewChange, summary: 'Edit a pending entry' },
  'review.split': { input: SplitRequest, output: ReviewChange, summary: 'Split a pending entry at a time' },
  'review.merge': { input: MergeRequest, output: ReviewChange, summary: 'Merge adjacent pending entries' },
  'review.undo': { input: NoInput, output: UndoResult, summary: 'Undo the last review action' },
  'away.next': {
    input: NoInput,
    output: AwayPeriod.nullable(),
    summary: 'The latest absence the user has not decided about',
  },
  'away.decide': {
    input: AwayDecision,
    output: ReviewChange,
    summary: 'Discard, keep on the previous entry, or assign an absence',
  },
  'timeline.day': { input: TimelineRequest, output: Timeline, summary: 'Entries and activity between two instants' },
})

export const entryEvents = defineEvents({
  /** entries changed outside the renderer's own calls (heuristics, sync, rules) */
  'review.changed': ReviewChanged,
})
