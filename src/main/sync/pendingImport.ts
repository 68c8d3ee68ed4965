// Server pending-review entries join the local review queue (source 'server'), once each. An
// entry created by one of our own ingests whose answer was lost is not a new suggestion.
import type { LocalEntry } from '../../shared/domain'
import { insertEntries } from '../store/entries'
import { knownServerIds, sentIngestSpans } from '../store/outbox'
import { linkServerEntry, linkedServerIds } from '../store/serverLinks'
import type { BillOpsClient } from './apiClient'
import type { ServerEntry } from './apiSchemas'
import type { EngineContext } from './engineContext'
import { overlaps, rejectServerEntry, scanPendingReview } from './serverEntries'
import { inTransaction } from '../store/transaction'

/**
 * Imports what is new on the server's pending-review list; returns how many entries. Page by
 * page: each page's new entries are stored as it arrives and only ids are kept across pages, so
 * memory stays one page whatever the list's length. Extras are rejected after the listing (a
 * rejection during it would shift the offset paging and skip entries).
 */
export async function importPending(ctx: EngineContext, client: BillOpsClient): Promise<number> {
  const { db } = ctx
  const owned = knownServerIds(db)
  const linked = linkedServerIds(db)
  const sentSpans = sentIngestSpans(db)
  const toReject: string[] = []
  let imported = 0
  await scanPendingReview(ctx, client, (page) => {
    const fresh: ServerEntry[] = []
    for (const server of page) {
      if (owned.has(server.id) || linked.has(server.id)) continue
      const ours = sentSpans.filter((span) => overlaps(server, span))
      if (ours.length > 0) {
        // An extra for a span we already approved is rejected; one for a span still in flight is
        // left for that item to adopt.
        if (ours.some((span) => span.state === 'done')) toReject.push(server.id)
        continue
      }
      fresh.push(server)
    }
    if (fresh.length === 0) return
    const now = ctx.nowIso()
    inTransaction(db, () => {
      insertEntries(
        db,
        fresh.map((server) => toLocalEntry(server, now)),
      )
      for (const server of fresh) linkServerEntry(db, server.id, localIdOf(server))
    })
    imported += fresh.length
  })
  for (const id of toReject) await rejectServerEntry(client, id)
  return imported
}

const localIdOf = (server: ServerEntry) => `server-${server.id}`

function toLocalEntry(server: ServerEntry, now: string): LocalEntry {
  const context = server.context_data ?? {}
  const confidence =
    typeof context.confidence === 'number' && context.confidence >= 0 && context.confidence <= 1
      ? context.confidence
      : 0
  return {
    id: localIdOf(server),
    started_at: server.started_at,
    ended_at: server.ended_at,
    duration_minutes: server.duration_minutes,
    status: 'pending',
    source: 'server',
    activity_type: server.activity_type ?? 'other',
    project_id: server.project_id ?? null,
    client_id: server.client_id ?? null,
    notes: server.notes ?? null,
    context_data: {
      ...context,
      confidence,
      applications: Array.isArray(context.applications) ? context.applications.map(String) : [],
      primary_activity: typeof context.primary_activity === 'string' ? context.primary_activity : 'unknown',
      reasons: ['suggested by the BillOps server'],
    },
    sync_state: 'synced',
    user_touched: false,
    server_ids: [server.id],
    sync_error: null,
    created_at: now,
    updated_at: now,
  }
}
