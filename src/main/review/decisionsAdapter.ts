// Approve/reject/reopen for the review handlers come from the sync engine's decisions module
// (status change + outbox item in one transaction), so the queue and sync can never disagree.
import type { Clock } from '../base/clock'
import { approveEntries, rejectEntries, reopenEntries } from '../store/decisions'
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
