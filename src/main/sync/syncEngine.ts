// The sync engine: moves outbox items to BillOps one durable step at a time and imports the
// server's pending-review entries. This is the face its callers use; the parts are
// passRunner (one pass), ingestItem and decisionItem (one item each), pendingImport and
// failurePolicy.
import type { SyncCounts, SyncOutcome, SyncProgress, SyncResult } from '../../shared/contract/sync'
import { nextDueAt, outboxCounts, requeueFailed } from '../store/outbox'
import { createSyncLock } from '../store/syncLock'
import {
  createEngineContext,
  serverOrigin,
  TOKEN_SECRET,
  tokenSecretName,
  toSyncCounts,
  type SyncEngineOptions,
} from './engineContext'
import { runPass } from './passRunner'
import { inTransaction } from '../store/transaction'

export { serverOrigin, TOKEN_SECRET, tokenSecretName, toSyncCounts, type SyncEngineOptions }
export type { SyncCounts, SyncOutcome, SyncProgress, SyncResult }

export interface SettleOptions {
  maxWaitMs?: number
  interrupted?: () => boolean
  /**
   * Give up with outcome 'offline' after this many passes in a row that could not reach the
   * server at all (connection refused, DNS, TLS), waiting unreachableRetryMs, doubling, between
   * them. Unset: an unreachable server is retried with the usual backoff up to maxWaitMs.
   */
  unreachableTries?: number
  /** first wait between unreachable passes (default 1 s) */
  unreachableRetryMs?: number
  /** also give up once the server has been unreachable this long (slow DNS failures); default: no limit */
  unreachableBudgetMs?: number
  /** told before each wait for another pass: why, and how long */
  onRetry?: (retry: { reason: string; waitMs: number; unreachable: boolean }) => void
}

export interface SyncEngine {
  syncOnce(): Promise<SyncResult>
  /** passes until nothing retryable is left (or maxWaitMs elapsed); for the CLI and tests */
  syncUntilSettled(options?: SettleOptions): Promise<SyncResult>
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
  const pass = () => runPass(ctx, lock)
  const syncOnce = async () => (await pass()).result

  return {
    syncOnce,
    counts: () => toSyncCounts(outboxCounts(db)),
    nextDueAt: () => nextDueAt(db),
    retryFailed() {
      return inTransaction(db, () => {
        const entryIds = requeueFailed(db, ctx.nowIso())
        for (const entryId of entryIds) ctx.setEntrySync(entryId, 'queued', null)
        return entryIds.length
      })
    },
    async syncUntilSettled(settle: SettleOptions = {}) {
      const deadline = clock.monotonic() + (settle.maxWaitMs ?? Number.POSITIVE_INFINITY)
      let total = 0
      let imported = 0
      let unreachableRun = 0
      let unreachableSince = 0
      for (;;) {
        const started = clock.monotonic()
        const { result, unreachable } = await pass()
        total += result.sent
        imported += result.imported
        const summary: SyncResult = { ...result, sent: total, imported }
        if (result.outcome === 'auth_required' || result.outcome === 'not_configured') return summary
        unreachableRun = unreachable === null ? 0 : unreachableRun + 1
        if (unreachableRun === 1) unreachableSince = started
        const failFast = unreachable !== null && settle.unreachableTries !== undefined
        const outOfBudget =
          clock.monotonic() - unreachableSince >= (settle.unreachableBudgetMs ?? Number.POSITIVE_INFINITY)
        if (failFast && (unreachableRun >= settle.unreachableTries! || outOfBudget))
          return { ...summary, outcome: 'offline', message: unreachable }
        const due = nextDueAt(db)
        if (due === null && result.outcome !== 'retrying') return summary
        if (settle.interrupted?.() || clock.monotonic() >= deadline) return summary
        const wait = failFast
          ? (settle.unreachableRetryMs ?? 1_000) * 2 ** (unreachableRun - 1)
          : due === null
            ? ctx.backoff.baseMs
            : Math.max(0, due - clock.now())
        const waitMs = Math.min(wait, Math.max(0, deadline - clock.monotonic()))
        settle.onRetry?.({
          reason: unreachable ?? result.message ?? result.outcome,
          waitMs,
          unreachable: unreachable !== null,
        })
        await ctx.sleep(waitMs)
      }
    },
  }
}
