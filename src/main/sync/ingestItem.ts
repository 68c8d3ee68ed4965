// One approved local entry to BillOps: ingest its signals (device ones, and attested ones for the
// approved time no device signal covers: attestedSignals.ts) → poll the task → PATCH the created
// entry to exactly the local span, one durable step at a time. Whenever an ingest may have
// reached the server without us learning its task id (lost response, timeout, crash), the
// server's pending entries for the span are adopted instead of ingesting again — so a server
// that ignores Idempotency-Key still gets each entry once.
import { randomUUID } from 'node:crypto'
import type { LocalEntry } from '../../shared/domain'
import { getItem, knownServerIds, type OutboxItem } from '../store/outbox'
import { linkedServerIds } from '../store/serverLinks'
import { type BillOpsClient } from './apiClient'
import type { ServerEntry } from './apiSchemas'
import type { EngineContext } from './engineContext'
import { PermanentFailure, RetryLater } from './failurePolicy'
import { approvalOf, findPendingEntries, overlaps, rejectServerEntry, withGetRetries } from './serverEntries'
import { evidenceOf, withAttestedStretches } from './attestedSignals'
import { signalsForSpan } from './spanSignals'
import { inTransaction } from '../store/transaction'
import { BillOpsError } from './billOpsError'

export async function sendIngest(
  ctx: EngineContext,
  client: BillOpsClient,
  item: OutboxItem,
  entry: LocalEntry,
): Promise<void> {
  const { db, clock } = ctx
  let serverIds = item.server_ids
  if (serverIds.length === 0) {
    let taskId = item.task_id
    if (taskId === null) {
      if (item.sent) {
        const found = await adoptable(ctx, client, entry, item)
        if (found.length > 0) {
          serverIds = found.map((s) => s.id)
          ctx.updateItem(item, { server_ids: serverIds })
        }
      }
      if (serverIds.length === 0) {
        const { signals: device, skipped } = signalsForSpan(db, entry.started_at, entry.ended_at)
        if (skipped > 0)
          ctx.logger.warn(`entry ${entry.id}: ${skipped} signals outside the contract's vocabulary were not sent`)
        const thresholds = ctx.options.thresholds()
        // Unsignalled approved time goes as attested signals, so the server creates one entry for the span.
        const signals = withAttestedStretches(device, entry.started_at, entry.ended_at, evidenceOf(entry), thresholds)
        // Durable before the request: from here on a lost answer means "look before resending".
        const fresh = getItem(db, item.id)
        if (!fresh || fresh.state !== 'queued') return
        ctx.updateItem(item, { sent: true })
        const accepted = await client.ingest(
          {
            activity_signals: signals,
            idle_threshold_minutes: thresholds.idle_threshold_minutes,
            max_merge_idle_minutes: thresholds.max_merge_idle_minutes,
          },
          item.idempotency_key,
        )
        taskId = accepted.task_id
        item = { ...item, sent: true, task_id: taskId, task_recorded_at: clock.now() }
        ctx.updateItem(item, { task_id: taskId, task_recorded_at: item.task_recorded_at })
      }
    }
    if (serverIds.length === 0 && taskId !== null) {
      const status = await pollTask(ctx, client, item, taskId)
      if (status.state === 'failure')
        throw new PermanentFailure(`BillOps could not process the signals: ${status.error}`)
      if (status.state === 'success') {
        serverIds = status.result.created_ids
        if (item.attempts > 0) {
          // An earlier attempt may have created entries too (a server that ignores the key).
          for (const extra of await adoptable(ctx, client, entry, { ...item, server_ids: serverIds })) {
            if (!serverIds.includes(extra.id)) serverIds = [...serverIds, extra.id]
          }
        }
        if (serverIds.length === 0) throw new PermanentFailure('BillOps created no entry from the signals of this span')
        ctx.updateItem(item, { server_ids: serverIds })
      }
    }
  }
  await reconcile(ctx, client, item, entry, serverIds)
}

/**
 * The server's pending entries for this span that no other item or import owns. Pending only:
 * an entry this engine approved was recorded (server_ids) before its PATCH was sent.
 */
async function adoptable(
  ctx: EngineContext,
  client: BillOpsClient,
  entry: LocalEntry,
  item: OutboxItem,
): Promise<ServerEntry[]> {
  const owned = knownServerIds(ctx.db)
  for (const id of item.server_ids) owned.delete(id)
  const linked = linkedServerIds(ctx.db)
  // Only this span's candidates are kept while paging, never the whole pending list.
  const candidates = await findPendingEntries(
    ctx,
    client,
    (s) => s.status === 'pending' && !owned.has(s.id) && !linked.has(s.id) && overlaps(s, entry),
  )
  return candidates.sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id.localeCompare(b.id))
}

async function pollTask(ctx: EngineContext, client: BillOpsClient, item: OutboxItem, taskId: string) {
  let delay = ctx.pollInitialMs
  let waited = 0
  for (;;) {
    const status = await withGetRetries(ctx, () => client.getTask(taskId))
    if (status.state !== 'running') return status
    if (item.task_recorded_at !== null && ctx.clock.now() - item.task_recorded_at > ctx.taskStaleAfterMs) {
      // Celery answers PENDING for ids it never knew: after this long the task is lost.
      ctx.updateItem(item, { task_id: null, task_recorded_at: null, idempotency_key: randomUUID() })
      throw new RetryLater(`task ${taskId} never finished; looking for its entries before sending again`, 0)
    }
    if (waited >= ctx.pollBudgetMs) throw new RetryLater(`BillOps is still processing task ${taskId}`, ctx.pollMaxMs)
    await ctx.sleep(delay)
    waited += delay
    delay = Math.min(ctx.pollMaxMs, delay * 2)
  }
}

/** The server's approved entries for the span become exactly the local entry. */
async function reconcile(
  ctx: EngineContext,
  client: BillOpsClient,
  item: OutboxItem,
  entry: LocalEntry,
  serverIds: string[],
): Promise<void> {
  const [primary, ...extras] = serverIds
  if (primary === undefined) throw new PermanentFailure('no server entry to approve')
  try {
    await client.patchEntry(primary, approvalOf(entry))
  } catch (error) {
    if (error instanceof BillOpsError && error.kind === 'not_found') {
      throw new BillOpsError('not_found', `the entry BillOps created (${primary}) no longer exists there`, 404)
    }
    throw error
  }
  for (const extra of extras) await rejectServerEntry(client, extra)
  inTransaction(ctx.db, () => {
    ctx.updateItem(item, { state: 'done', last_error: null })
    ctx.setEntrySync(entry.id, 'synced', null, [primary])
  })
}
