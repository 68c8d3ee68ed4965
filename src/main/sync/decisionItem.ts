// The user's decision on an entry that came from the server: one PATCH. It never overwrites a
// decision made in BillOps meanwhile (another device, the web app): the entry must still be in
// the server's pending-review list, read once per pass. Only one decision per entry is ever
// sent (store/decisions.ts refuses changes after that), and a retry of a PATCH that may have
// landed repeats it as is.
import type { LocalEntry } from '../../shared/domain'
import { getItem, type OutboxItem } from '../store/outbox'
import type { BillOpsClient } from './apiClient'
import type { EntryUpdate } from './apiSchemas'
import type { EngineContext, PassState } from './engineContext'
import { DecidedElsewhere, PermanentFailure, RetryLater } from './failurePolicy'
import { approvalOf, scanPendingReview } from './serverEntries'
import { inTransaction } from '../store/transaction'

/** The ids pending review on the server (only the ids: no page is kept), or why they could not be read. */
export async function readStillPending(ctx: EngineContext, client: BillOpsClient): Promise<Set<string> | Error> {
  try {
    const ids = new Set<string>()
    await scanPendingReview(ctx, client, (entries) => {
      for (const entry of entries) ids.add(entry.id)
    })
    return ids
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error))
  }
}

export async function sendDecision(
  ctx: EngineContext,
  client: BillOpsClient,
  item: OutboxItem,
  entry: LocalEntry,
  pass: PassState,
): Promise<void> {
  const serverId = entry.server_ids[0]
  if (serverId === undefined) throw new PermanentFailure('this entry has no BillOps id')
  const fresh = getItem(ctx.db, item.id)
  if (!fresh || fresh.state !== 'queued') return
  if (!fresh.sent) {
    if (pass.stillPending instanceof Error)
      throw new RetryLater(`cannot check the entry in BillOps first: ${pass.stillPending.message}`)
    if (!pass.stillPending?.has(serverId)) {
      const decision = entry.status === 'rejected' ? 'rejection' : 'approval'
      throw new DecidedElsewhere(
        `no longer pending in BillOps (decided or deleted there); your ${decision} was not sent`,
      )
    }
  }
  ctx.updateItem(item, { sent: true })
  const change: EntryUpdate =
    entry.status === 'approved'
      ? approvalOf(entry)
      : entry.status === 'rejected'
        ? { status: 'rejected', notes: entry.notes }
        : { status: 'pending' }
  await client.patchEntry(serverId, change)
  inTransaction(ctx.db, () => {
    ctx.updateItem(item, { state: 'done', last_error: null })
    ctx.setEntrySync(entry.id, 'synced', null)
  })
}
