// Approve/reject/reopen for the review handlers and the CLI come from the sync engine's decisions
// module (status change + outbox item in one transaction), so the queue and sync never disagree.
import type { EntryStatus, LocalEntry } from '../../shared/domain'
import type { Clock } from '../base/clock'
import { approveEntries, DecisionEdits, rejectEntries, reopenEntries } from '../store/decisions'
import { entryIdsWithPrefix, listEntries } from '../store/entries'
import type { WritableDB } from '../store/database'
import type { EntryDecisions } from './reviewService'

export function createReviewDecisions(db: WritableDB, clock: Clock): EntryDecisions {
  const options = { now: () => clock.now() }
  return {
    approve: (ids) => void approveEntries(db, ids, {}, options),
    reject: (ids) => void rejectEntries(db, ids, {}, options),
    reopen: (ids) => void reopenEntries(db, ids, options),
  }
}

/** What the CLI's `entries`, `approve` and `reject` need: the queue read, ids by prefix, and the
 * same decisions as the window, with the edits the command line may give. */
export interface EntryReview {
  list(status?: EntryStatus): LocalEntry[]
  idsWithPrefix(prefix: string, limit: number): string[]
  approve(ids: readonly string[], edits: DecisionEdits): LocalEntry[]
  reject(ids: readonly string[], edits: DecisionEdits): LocalEntry[]
}

export function createEntryReview(db: WritableDB, clock: Clock): EntryReview {
  const options = { now: () => clock.now() }
  return {
    list: (status) => listEntries(db, { status }),
    idsWithPrefix: (prefix, limit) => entryIdsWithPrefix(db, prefix, limit),
    approve: (ids, edits) => approveEntries(db, ids, edits, options),
    reject: (ids, edits) => rejectEntries(db, ids, edits, options),
  }
}

/** The edits a decision may carry (project, client, activity, notes), checked the same way everywhere. */
export { DecisionEdits }
