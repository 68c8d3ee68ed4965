// What a failed item becomes. Retry with backoff: network errors, timeouts, 429/5xx (Retry-After
// wins) and the engine's own "wait" signals. Stop the pass: 401, the token is the user's to fix,
// and a wrong server address (a fixed route 404s), the setting is; the item stays queued.
// Conflicted: the server entry is gone (404) or was decided in BillOps meanwhile; the user
// resolves it there. Everything else (other 4xx, answers outside the contract, bugs) fails the
// item visibly, without blocking the other items.
import { retryDelayMs } from '../base/backoff'
import { getItem, type OutboxItem } from '../store/outbox'
import type { EngineContext, PassState } from './engineContext'
import { errorMessage } from '../../shared/errorMessage'
import { inTransaction } from '../store/transaction'
import { BillOpsError } from './billOpsError'

/** Thrown inside an item when it should wait and try again, without being an error to show. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number | null = null,
  ) {
    super(message)
  }
}

/** Thrown inside an item when it cannot succeed without the user. */
export class PermanentFailure extends Error {}

/** A server entry decided or deleted in BillOps (another device, the web app) before our decision went out. */
export class DecidedElsewhere extends Error {}

export function settleFailure(
  ctx: EngineContext,
  pass: PassState,
  item: OutboxItem,
  entryId: string,
  error: unknown,
): void {
  const { db, clock } = ctx
  const current = getItem(db, item.id) ?? item
  const message = errorMessage(error)
  if (error instanceof BillOpsError && error.kind === 'unauthorized') {
    pass.authError = message
    ctx.setEntrySync(entryId, 'queued', null)
    return
  }
  if (error instanceof BillOpsError && error.kind === 'misconfigured') {
    pass.configError = message
    ctx.setEntrySync(entryId, 'queued', null)
    return
  }
  if (error instanceof DecidedElsewhere) {
    inTransaction(db, () => {
      ctx.updateItem(current, { state: 'conflicted', last_error: message })
      ctx.setEntrySync(entryId, 'conflicted', `${message}: check the entry in BillOps`)
    })
    return
  }
  if (error instanceof BillOpsError && error.kind === 'not_found') {
    inTransaction(db, () => {
      ctx.updateItem(current, { state: 'conflicted', last_error: message })
      ctx.setEntrySync(entryId, 'conflicted', `${message}; resolve it in BillOps or reject it here`)
    })
    return
  }
  const retry = error instanceof RetryLater || (error instanceof BillOpsError && error.retryable)
  if (retry) {
    const attempts = current.attempts + 1
    const hinted = error instanceof RetryLater ? error.delayMs : (error as BillOpsError).retryAfterMs
    const delay = retryDelayMs(ctx.backoff, attempts, ctx.random, hinted)
    inTransaction(db, () => {
      ctx.updateItem(current, { attempts, next_attempt_at: clock.now() + delay, last_error: message })
      ctx.setEntrySync(entryId, 'queued', message)
    })
    return
  }
  // Rejected by the server (4xx), an answer outside the contract, or a bug: the user sees it.
  if (!(error instanceof BillOpsError) && !(error instanceof PermanentFailure))
    ctx.logger.error(`sync of entry ${entryId} failed`, message)
  inTransaction(db, () => {
    ctx.updateItem(current, { state: 'failed', attempts: current.attempts + 1, last_error: message })
    ctx.setEntrySync(entryId, 'failed', message)
  })
}
