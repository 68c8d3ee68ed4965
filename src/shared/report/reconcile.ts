// What BillOps confirmed for an approved entry, read from the outbox items and server links the
// sync engine already keeps: nothing is stored for reports, so a report can never disagree with sync.
import type { SyncReceiptState } from '../contract/report'

export interface OutboxReceiptRow {
  kind: 'ingest' | 'decision'
  state: 'queued' | 'done' | 'failed' | 'conflicted' | 'cancelled'
  /** BillOps returned server ids for the item (its `server_ids` is not empty) */
  has_server_ids: boolean
  last_error: string | null
}

export interface SyncReceipt {
  state: SyncReceiptState
  reason: string | null
}

/**
 * `items`: the entry's outbox items, oldest first; `linked`: a server entry is linked to it (it came
 * from BillOps' pending-review list). An ingest counts as synced only once BillOps answered with
 * server ids (the PATCH made them cover exactly the local span); a decision on a server entry only
 * while that server entry is linked.
 */
export function receiptOf(items: readonly OutboxReceiptRow[], linked: boolean): SyncReceipt {
  const live = items.findLast(
    (item) => item.state === 'queued' || item.state === 'failed' || item.state === 'conflicted',
  )
  if (live) return { state: live.state as 'queued' | 'failed' | 'conflicted', reason: live.last_error }
  const done = items.findLast((item) => item.state === 'done')
  if (!done) return { state: 'not_queued', reason: null }
  const confirmed = done.kind === 'ingest' ? done.has_server_ids : linked
  return confirmed
    ? { state: 'synced', reason: null }
    : { state: 'unconfirmed', reason: 'BillOps did not return the server entry for this span' }
}
