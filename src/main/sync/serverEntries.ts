// How the engine reads and changes entries on the server, shared by sending and importing.
import type { LocalEntry } from '../../shared/domain'
import { retryDelayMs } from '../base/backoff'
import { type BillOpsClient } from './apiClient'
import type { EntryUpdate, ServerEntry } from './apiSchemas'
import type { EngineContext } from './engineContext'
import { BillOpsError } from './billOpsError'
import { scanAllPages } from './pagedListing'

interface Span {
  started_at: string
  ended_at: string
}

export const overlaps = (a: Span, b: Span) => {
  const [as, ae, bs, be] = [
    Date.parse(a.started_at),
    Date.parse(a.ended_at),
    Date.parse(b.started_at),
    Date.parse(b.ended_at),
  ]
  return as < be && bs < ae ? true : as === bs
}

/** Safe GETs are retried a couple of times on the spot: a blip should not cost a whole item. */
export async function withGetRetries<T>(ctx: EngineContext, read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read()
    } catch (error) {
      if (!(error instanceof BillOpsError) || !error.retryable || attempt >= ctx.getRetries) throw error
      await ctx.sleep(
        retryDelayMs(
          { baseMs: Math.min(ctx.backoff.baseMs, 250), maxMs: 1_000 },
          attempt + 1,
          ctx.random,
          error.retryAfterMs,
        ),
      )
    }
  }
}

/** The server's pending-review list, page by page: `visit` sees each page's entries once and
 * keeps what it needs (scanAllPages: no page is kept). */
export function scanPendingReview(
  ctx: EngineContext,
  client: BillOpsClient,
  visit: (entries: ServerEntry[]) => void | Promise<void>,
): Promise<number> {
  return scanAllPages((page) => withGetRetries(ctx, () => client.listPendingReview(page)), visit, ctx.pageSize)
}

/** The pending server entries that `wanted` keeps, page by page (the others are not kept). */
export async function findPendingEntries(
  ctx: EngineContext,
  client: BillOpsClient,
  wanted: (entry: ServerEntry) => boolean,
): Promise<ServerEntry[]> {
  const found: ServerEntry[] = []
  await scanAllPages(
    (page) => withGetRetries(ctx, () => client.listEntries({ ...page, status: 'pending' })),
    (entries) => void found.push(...entries.filter(wanted)),
    ctx.pageSize,
  )
  return found
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
