// One sync pass: check the server and token, take the database's sync lock, send the due items
// (a few at a time, oldest first; one item's failure never blocks the others), then import the
// server's new suggestions. A 401 stops the pass at once: every further request would fail too.
import type { SyncOutcome, SyncResult } from '../../shared/contract/sync'
import { requeueInterruptedSync, getEntry } from '../store/entries'
import { dueItems, getItem, latestOpenError, outboxCounts, type OutboxItem } from '../store/outbox'
import type { SyncLock } from '../store/syncLock'
import { createBillOpsClient, type BillOpsClient } from './apiClient'
import { readStillPending, sendDecision } from './decisionItem'
import { serverOrigin, tokenSecretName, toSyncCounts, type EngineContext, type PassState } from './engineContext'
import { settleFailure } from './failurePolicy'
import { sendIngest } from './ingestItem'
import { importPending } from './pendingImport'
import { timeEntriesBase } from './serverUrl'
import { errorMessage } from '../../shared/errorMessage'
import { BillOpsError } from './billOpsError'

type Finish = (outcome: SyncOutcome, message: string | null, sent?: number, imported?: number) => SyncResult

/** One pass's result, and whether the server could not be reached at all (no request got any answer). */
export interface PassResult {
  result: SyncResult
  /** the network error when every request of the pass failed before the server answered; null otherwise */
  unreachable: string | null
}

export async function runPass(ctx: EngineContext, lock: SyncLock): Promise<PassResult> {
  const pass: PassState = {
    authError: null,
    configError: null,
    lockLost: false,
    sent: 0,
    reached: false,
    networkError: null,
    stillPending: null,
  }
  const result = await runPassWith(ctx, lock, pass)
  return { result, unreachable: pass.reached ? null : pass.networkError }
}

async function runPassWith(ctx: EngineContext, lock: SyncLock, pass: PassState): Promise<SyncResult> {
  const { options } = ctx
  const started = ctx.nowIso()
  const finish: Finish = (outcome, message, sent = 0, imported = 0) => ({
    outcome,
    message,
    started_at: started,
    finished_at: ctx.nowIso(),
    sent,
    imported,
    counts: toSyncCounts(outboxCounts(ctx.db)),
  })
  const serverUrl = options.serverUrl()
  if (!serverUrl) return finish('not_configured', 'no BillOps server is configured')
  try {
    timeEntriesBase(serverUrl)
  } catch (error) {
    return finish('not_configured', errorMessage(error))
  }
  let token: string | null
  try {
    token = options.token ? await options.token(serverUrl) : await options.secretStore.get(tokenSecretName(serverUrl))
  } catch (error) {
    return finish('auth_required', errorMessage(error))
  }
  // Tokens are kept per server origin: a server changed since the token was set needs its own.
  if (!token) return finish('auth_required', `no BillOps token is set for ${serverOrigin(serverUrl)}`)
  const client = observeReachability(
    createBillOpsClient({ serverUrl, token, fetch: options.fetch, timeoutMs: options.timeoutMs }),
    pass,
  )

  if (!lock.acquire()) return finish('retrying', 'another BillOps Tracker process is syncing this database')
  const beat = () => {
    if (!pass.lockLost && !lock.heartbeat()) pass.lockLost = true
  }
  // The lock stays fresh while a request, a poll or the import takes long, not only between items.
  const heartbeat = setInterval(beat, ctx.lockHeartbeatMs)
  heartbeat.unref?.()
  try {
    const result = await passWithLock(ctx, beat, client, finish, pass)
    return pass.lockLost ? finish('retrying', LOCK_LOST, pass.sent) : result
  } finally {
    clearInterval(heartbeat)
    lock.release()
  }
}

const LOCK_LOST = 'the sync lock was taken over by another BillOps Tracker process; this run stopped'

async function passWithLock(
  ctx: EngineContext,
  beat: () => void,
  client: BillOpsClient,
  finish: Finish,
  pass: PassState,
): Promise<SyncResult> {
  const { db, options } = ctx
  // A run that died mid-item left its entries marked 'syncing': they are queued again.
  requeueInterruptedSync(db)
  const items = dueItems(db, ctx.clock.now())
  if (items.some((item) => item.kind === 'decision' && !item.sent)) {
    pass.stillPending = await readStillPending(ctx, client)
    if (pass.stillPending instanceof BillOpsError && pass.stillPending.kind === 'unauthorized')
      return finish('auth_required', pass.stillPending.message)
    if (pass.stillPending instanceof BillOpsError && pass.stillPending.kind === 'misconfigured')
      return finish('not_configured', pass.stillPending.message)
  }
  let done = 0
  let cursor = 0
  const worker = async () => {
    while (cursor < items.length && pass.authError === null && pass.configError === null && !pass.lockLost) {
      const item = items[cursor++]!
      await sendItem(ctx, client, item, pass)
      beat()
      done++
      options.onProgress?.({ phase: 'sending', done, total: items.length })
    }
  }
  await Promise.all(Array.from({ length: Math.min(ctx.concurrency, items.length) }, worker))
  if (pass.authError) return finish('auth_required', pass.authError, pass.sent)
  if (pass.configError) return finish('not_configured', pass.configError, pass.sent)
  if (pass.lockLost) return finish('retrying', LOCK_LOST, pass.sent)

  let imported = 0
  let importProblem: string | null = null
  options.onProgress?.({ phase: 'importing', done: 0, total: 1 })
  try {
    imported = await importPending(ctx, client)
  } catch (error) {
    if (error instanceof BillOpsError && error.kind === 'unauthorized')
      return finish('auth_required', error.message, pass.sent)
    if (error instanceof BillOpsError && error.kind === 'misconfigured')
      return finish('not_configured', error.message, pass.sent)
    importProblem = `could not read pending-review: ${errorMessage(error)}`
    if (!(error instanceof BillOpsError)) ctx.logger.error(importProblem)
  }
  options.onProgress?.({ phase: 'importing', done: 1, total: 1 })
  const after = toSyncCounts(outboxCounts(db))
  const problem = latestOpenError(db)
  const outcome: SyncOutcome = after.pending > 0 || importProblem ? 'retrying' : after.failed > 0 ? 'failed' : 'ok'
  return finish(outcome, importProblem ?? (outcome === 'ok' ? null : problem), pass.sent, imported)
}

async function sendItem(ctx: EngineContext, client: BillOpsClient, item: OutboxItem, pass: PassState): Promise<void> {
  const { db } = ctx
  const entry = getEntry(db, item.entry_id)
  if (!entry) {
    ctx.updateItem(
      item,
      item.sent ? { state: 'failed', last_error: 'the local entry was deleted' } : { state: 'cancelled' },
    )
    return
  }
  ctx.setEntrySync(entry.id, 'syncing', null)
  try {
    if (item.kind === 'ingest') await sendIngest(ctx, client, item, entry)
    else await sendDecision(ctx, client, item, entry, pass)
    if (getItem(db, item.id)?.state === 'done') pass.sent++
  } catch (error) {
    settleFailure(ctx, pass, item, entry.id, error)
  }
}

/** Notes on the pass whether any request got an answer, and the last "cannot reach the server" error. */
function observeReachability(client: BillOpsClient, pass: PassState): BillOpsClient {
  const observe = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      const answer = await request()
      pass.reached = true
      return answer
    } catch (error) {
      if (error instanceof BillOpsError) {
        if (error.kind === 'network') pass.networkError = error.message
        // a timeout, a status or a body: something answered (invalid_request was never sent)
        else if (error.kind !== 'invalid_request') pass.reached = true
      }
      throw error
    }
  }
  return {
    ingest: (request, key) => observe(() => client.ingest(request, key)),
    getTask: (taskId) => observe(() => client.getTask(taskId)),
    listPendingReview: (page) => observe(() => client.listPendingReview(page)),
    patchEntry: (entryId, update) => observe(() => client.patchEntry(entryId, update)),
    listEntries: (query) => observe(() => client.listEntries(query)),
  }
}
