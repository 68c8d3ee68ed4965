// The sync engine: moves outbox items to BillOps one durable step at a time and imports the
// server's pending-review entries. This is the face its callers use; the parts are
// passRunner (one pass), ingestItem and decisionItem (one item each), pendingImport and
// failurePolicy.
import type { SyncCounts, SyncOutcome, SyncProgress, SyncResult } from '../../shared/contract/sync'
import { nextDueAt, outboxCounts, requeueFailed } from '../store/outbox'
import { createSyncLock } from '../store/syncLock'
import { createEngineContext, serverOrigin, TOKEN_SECRET, tokenSecretName, toSyncCounts, type SyncEngineOptions } from './engineContext'
import { runPass } from './passRunner'

export { serverOrigin, TOKEN_SECRET, tokenSecretName, toSyncCounts, type SyncEngineOptions }
export type { SyncCounts, SyncOutcome, SyncProgress, SyncResult }

export interface SyncEngine {
  syncOnce(): Promise<SyncResult>
  /** passes until nothing retryable is left (or maxWaitMs elapsed); for the CLI and tests */
  syncUntilSettled(options?: { maxWaitMs?: number; interrupted?: () => boolean }): Promise<SyncResult>
  counts(): SyncCounts
  /** queue permanently failed items again (the user fixed the cause); returns how many */
  retryFailed(): number
  /** when the next queued item is due (epoch ms), or null */
  nextDueAt(): number | null
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const ctx = createEngineContext(options)
  const { db, clock } = ctx
  // One lock owner per engine: its own earlier passes never block it.
  const lock = createSyncLock(db, () => clock.now())
  const syncOnce = () => runPass(ctx, lock)

  return {
    syncOnce,
    counts: () => toSyncCounts(outboxCounts(db)),
    nextDueAt: () => nextDueAt(db),
    retryFailed() {
      return db.transaction(() => {
        const entryIds = requeueFailed(db, ctx.nowIso())
        for (const entryId of entryIds) ctx.setEntrySync(entryId, 'queued', null)
        return entryIds.length
      })()
    },
    async syncUntilSettled(settle = {}) {
      const deadline = clock.monotonic() + (settle.maxWaitMs ?? Number.POSITIVE_INFINITY)
      let total = 0
      let imported = 0
      for (;;) {
        const result = await syncOnce()
        total += result.sent
        imported += result.imported
        const summary = { ...result, sent: total, imported }
        if (result.outcome === 'auth_required' || result.outcome === 'not_configured') return summary
        const due = nextDueAt(db)
        if (due === null && result.outcome !== 'retrying') return summary
        if (settle.interrupted?.() || clock.monotonic() >= deadline) return summary
        const wait = due === null ? ctx.backoff.baseMs : Math.max(0, due - clock.now())
        await ctx.sleep(Math.min(wait, Math.max(0, deadline - clock.monotonic())))
      }
    },
  }
}
