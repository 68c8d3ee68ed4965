// How the engine reads and changes entries on the server, shared by sending and importing.
import type { LocalEntry } from '../../shared/domain'
import { retryDelayMs } from '../base/backoff'
import { BillOpsError, readAllPages, type BillOpsClient } from './apiClient'
import type { EntryUpdate, ServerEntry } from './apiSchemas'
import type { EngineContext } from './engineContext'

interface Span {
  started_at: string
  ended_at: string
}

export const overlaps = (a: Span, b: Span) => {
  const [as, ae, bs, be] = [Date.parse(a.started_at), Date.parse(a.ended_at), Date.parse(b.started_at), Date.parse(b.ended_at)]
  return as < be && bs < ae ? true : as === bs
}

/** Safe GETs are retried a couple of times on the spot: a blip should not cost a whole item. */
export async function withGetRetries<T>(ctx: EngineContext, read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read()
    } catch (error) {
      if (!(error instanceof BillOpsError) || !error.retryable || attempt >= ctx.getRetries) throw error
      await ctx.sleep(retryDelayMs({ baseMs: Math.min(ctx.backoff.baseMs, 250), maxMs: 1_000 }, attempt + 1, ctx.random, error.retryAfterMs))
    }
  }
}

/** Every entry of the server's pending-review list, page by page. */
export function listPendingReview(ctx: EngineContext, client: BillOpsClient): Promise<ServerEntry[]> {
  return readAllPages((page) => withGetRetries(ctx, () => client.listPendingReview(page)), ctx.pageSize)
}

/** Every pending server entry, page by page. */
export function listPendingEntries(ctx: EngineContext, client: BillOpsClient): Promise<ServerEntry[]> {
  return readAllPages((page) => withGetRetries(ctx, () => client.listEntries({ ...page, status: 'pending' })), ctx.pageSize)
}

/** Rejects a server entry; one already gone is as good as rejected. */
export async function rejectServerEntry(client: BillOpsClient, serverId: string): Promise<void> {
  try {
    await client.patchEntry(serverId, { status: 'rejected' })
  } catch (error) {
    if (!(error instanceof BillOpsError && error.kind === 'not_found')) throw error
  }
}

/** The PATCH that approves a server entry as the user approved it locally (span as seen in review, edits included). */
export function approvalOf(entry: LocalEntry): EntryUpdate {
  return {
    status: 'approved',
    started_at: entry.started_at,
    ended_at: entry.ended_at,
    duration_minutes: entry.duration_minutes,
    project_id: entry.project_id,
    client_id: entry.client_id,
    activity_type: entry.activity_type,
    notes: entry.notes,
  }
}
