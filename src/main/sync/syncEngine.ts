// The sync engine: moves outbox items to BillOps one durable step at a time and imports the
// server's pending-review entries. Exactly once: every ingest carries the item's
// Idempotency-Key, and whenever an ingest may have reached the server without us learning its
// task id (lost response, timeout, crash), the engine first lists the server's entries for the
// span and adopts them instead of ingesting again — so a server that ignores the header still
// gets each entry once. Items are isolated: one item's failure never blocks the others.
import { randomUUID } from 'node:crypto'
import type { SyncCounts, SyncOutcome, SyncProgress, SyncResult } from '../../shared/contract/sync'
import type { LocalEntry } from '../../shared/domain'
import type { Clock } from '../base/clock'
import { toIso } from '../base/clock'
import type { Logger } from '../base/logger'
import { getEntry, insertEntries } from '../store/entries'
import type { SecretStore } from '../base/secretStore'
import type { Database } from '../store/database'
import { BillOpsError, createBillOpsClient, readAllPages, type BillOpsClient } from './apiClient'
import type { EntryUpdate, ServerEntry } from './apiSchemas'
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from '../base/backoff'
import {
  dueItems,
  getItem,
  knownServerIds,
  nextDueAt,
  outboxCounts,
  updateItem,
  type OutboxCounts,
  type OutboxItem,
  type OutboxPatch,
} from '../store/outbox'
import { timeEntriesBase } from './serverUrl'
import { prepared } from '../store/prepared'
import { signalsForSpan } from './spanSignals'
import { createSyncLock } from '../store/syncLock'

export const TOKEN_SECRET = 'billops_token'

export type { SyncCounts, SyncOutcome, SyncProgress, SyncResult }

export interface SyncEngineOptions {
  db: Database
  clock: Clock
  logger: Logger
  fetch: typeof fetch
  secretStore: SecretStore
  /** the configured server (settings.server_url) */
  serverUrl: () => string | null
  thresholds: () => { idle_threshold_minutes: number; max_merge_idle_minutes: number }
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  backoff?: BackoffPolicy
  /** first pause between task polls; doubles up to pollMaxDelayMs */
  pollInitialDelayMs?: number
  pollMaxDelayMs?: number
  /** total pause spent polling one task within one attempt */
  pollBudgetMs?: number
  /** a task still PENDING this long after its id was stored is treated as lost */
  taskStaleAfterMs?: number
  /** quick in-place retries of safe GETs before giving the item back to the outbox */
  getRetries?: number
  concurrency?: number
  pageSize?: number
  timeoutMs?: number
  onProgress?: (progress: SyncProgress) => void
}

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

/** Thrown inside an item when it should wait and try again, without being an error to show. */
class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number | null = null,
  ) {
    super(message)
  }
}

/** Thrown inside an item when it cannot succeed without the user. */
class PermanentFailure extends Error {}

/** A server entry decided or deleted in BillOps (another device, the web app) before our decision went out. */
class DecidedElsewhere extends Error {}

const overlaps = (a: { started_at: string; ended_at: string }, b: { started_at: string; ended_at: string }) => {
  const [as, ae, bs, be] = [Date.parse(a.started_at), Date.parse(a.ended_at), Date.parse(b.started_at), Date.parse(b.ended_at)]
  return as < be && bs < ae ? true : as === bs
}

export function toSyncCounts(counts: OutboxCounts): SyncCounts {
  return { synced: counts.done, pending: counts.queued, failed: counts.failed, conflicted: counts.conflicted }
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, clock, logger } = options
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const random = options.random ?? Math.random
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const pollInitial = options.pollInitialDelayMs ?? 50
  const pollMax = options.pollMaxDelayMs ?? 5_000
  const pollBudget = options.pollBudgetMs ?? 30_000
  const staleAfter = options.taskStaleAfterMs ?? 15 * 60_000
  const getRetries = options.getRetries ?? 2
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const pageSize = options.pageSize ?? 500
  const nowIso = () => toIso(clock.now())
  const lock = createSyncLock(db, () => Date.now())

  const update = (item: OutboxItem, patch: OutboxPatch) => updateItem(db, item.id, patch, nowIso())

  /** Only the sync columns: the user's fields are never rewritten by sync. */
  function setEntrySync(entryId: string, state: LocalEntry['sync_state'], error: string | null, serverIds?: string[]): void {
    if (serverIds) {
      prepared(db, 'UPDATE entries SET sync_state = ?, sync_error = ?, server_ids = ?, updated_at = ? WHERE id = ?').run(
        state, error, JSON.stringify(serverIds), nowIso(), entryId,
      )
    } else {
      prepared(db, 'UPDATE entries SET sync_state = ?, sync_error = ?, updated_at = ? WHERE id = ?').run(state, error, nowIso(), entryId)
    }
  }

  /** Safe GETs are retried a couple of times on the spot: a blip should not cost a whole item. */
  /** Every entry of the server's pending-review list, page by page. */
  const listPendingReview = (client: BillOpsClient) => readAllPages((page) => withGetRetries(() => client.listPendingReview(page)), pageSize)

  async function withGetRetries<T>(read: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await read()
      } catch (error) {
        if (!(error instanceof BillOpsError) || !error.retryable || attempt >= getRetries) throw error
        await sleep(retryDelayMs({ baseMs: Math.min(backoff.baseMs, 250), maxMs: 1_000 }, attempt + 1, random, error.retryAfterMs))
      }
    }
  }

  /**
   * The server's pending entries for this span that no other item or import owns. Pending only:
   * an entry this engine approved was recorded (server_ids) before its PATCH was sent.
   */
  async function adoptable(client: BillOpsClient, entry: LocalEntry, item: OutboxItem): Promise<ServerEntry[]> {
    const all = await readAllPages((page) => withGetRetries(() => client.listEntries({ ...page, status: 'pending' })), pageSize)
    const owned = knownServerIds(db)
    for (const id of item.server_ids) owned.delete(id)
    const linked = new Set(prepared<[], { server_id: string }>(db, 'SELECT server_id FROM server_entry_links').all().map((r) => r.server_id))
    return all
      .filter((s) => s.status === 'pending' && !owned.has(s.id) && !linked.has(s.id) && overlaps(s, entry))
      .sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id.localeCompare(b.id))
  }

  async function pollTask(client: BillOpsClient, item: OutboxItem, taskId: string) {
    let delay = pollInitial
    let waited = 0
    for (;;) {
      const status = await withGetRetries(() => client.getTask(taskId))
      if (status.state !== 'running') return status
      if (item.task_recorded_at !== null && clock.now() - item.task_recorded_at > staleAfter) {
        // Celery answers PENDING for ids it never knew: after this long the task is lost.
        update(item, { task_id: null, task_recorded_at: null, idempotency_key: randomUUID() })
        throw new RetryLater(`task ${taskId} never finished; looking for its entries before sending again`, 0)
      }
      if (waited >= pollBudget) throw new RetryLater(`BillOps is still processing task ${taskId}`, pollMax)
      await sleep(delay)
      waited += delay
      delay = Math.min(pollMax, delay * 2)
    }
  }

  async function processIngest(client: BillOpsClient, item: OutboxItem, entry: LocalEntry): Promise<void> {
    let serverIds = item.server_ids
    if (serverIds.length === 0) {
      let taskId = item.task_id
      if (taskId === null) {
        if (item.sent) {
          const found = await adoptable(client, entry, item)
          if (found.length > 0) {
            serverIds = found.map((s) => s.id)
            update(item, { server_ids: serverIds })
          }
        }
        if (serverIds.length === 0) {
          const { signals, skipped } = signalsForSpan(db, entry.started_at, entry.ended_at)
          if (skipped > 0) logger.warn(`entry ${entry.id}: ${skipped} signals outside the contract's vocabulary were not sent`)
          if (signals.length === 0) {
            throw new PermanentFailure('no activity signals in this span: BillOps creates entries only from signals')
          }
          // Durable before the request: from here on a lost answer means "look before resending".
          const fresh = getItem(db, item.id)
          if (!fresh || fresh.state !== 'queued') return
          update(item, { sent: true })
          const thresholds = options.thresholds()
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
          update(item, { task_id: taskId, task_recorded_at: item.task_recorded_at })
        }
      }
      if (serverIds.length === 0 && taskId !== null) {
        const status = await pollTask(client, item, taskId)
        if (status.state === 'failure') throw new PermanentFailure(`BillOps could not process the signals: ${status.error}`)
        if (status.state === 'success') {
          serverIds = status.result.created_ids
          if (item.attempts > 0) {
            // An earlier attempt may have created entries too (a server that ignores the key).
            for (const extra of await adoptable(client, entry, { ...item, server_ids: serverIds })) {
              if (!serverIds.includes(extra.id)) serverIds = [...serverIds, extra.id]
            }
          }
          if (serverIds.length === 0) throw new PermanentFailure('BillOps created no entry from the signals of this span')
          update(item, { server_ids: serverIds })
        }
      }
    }
    await reconcile(client, item, entry, serverIds)
  }

  /** The server's approved entries for the span become exactly the local entry. */
  async function reconcile(client: BillOpsClient, item: OutboxItem, entry: LocalEntry, serverIds: string[]): Promise<void> {
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
    for (const extra of extras) {
      try {
        await client.patchEntry(extra, { status: 'rejected' })
      } catch (error) {
        // Already gone is as good as rejected.
        if (!(error instanceof BillOpsError && error.kind === 'not_found')) throw error
      }
    }
    db.transaction(() => {
      update(item, { state: 'done', last_error: null })
      setEntrySync(entry.id, 'synced', null, [primary])
    })()
  }

  async function processDecision(client: BillOpsClient, item: OutboxItem, entry: LocalEntry, pass: PassState): Promise<void> {
    const serverId = entry.server_ids[0]
    if (serverId === undefined) throw new PermanentFailure('this entry has no BillOps id')
    const fresh = getItem(db, item.id)
    if (!fresh || fresh.state !== 'queued') return
    // A decision never overwrites one made in BillOps meanwhile (another device, the web app): the
    // entry must still be pending there. Only one decision per entry is ever sent (decisions.ts
    // refuses changes after that), and a retry of a PATCH that may have landed repeats it as is.
    if (!fresh.sent) {
      if (pass.stillPending instanceof Error) throw new RetryLater(`cannot check the entry in BillOps first: ${pass.stillPending.message}`)
      if (!pass.stillPending?.has(serverId)) {
        const decision = entry.status === 'rejected' ? 'rejection' : 'approval'
        throw new DecidedElsewhere(`no longer pending in BillOps (decided or deleted there); your ${decision} was not sent`)
      }
    }
    update(item, { sent: true })
    const change: EntryUpdate =
      entry.status === 'approved'
        ? approvalOf(entry)
        : entry.status === 'rejected'
          ? { status: 'rejected', notes: entry.notes }
          : { status: 'pending' }
    await client.patchEntry(serverId, change)
    db.transaction(() => {
      update(item, { state: 'done', last_error: null })
      setEntrySync(entry.id, 'synced', null)
    })()
  }

  interface PassState {
    authError: string | null
    sent: number
    /** ids pending review on the server, read once per pass when a decision needs the check */
    stillPending: Set<string> | Error | null
  }

  async function readStillPending(client: BillOpsClient): Promise<Set<string> | Error> {
    try {
      return new Set((await listPendingReview(client)).map((entry) => entry.id))
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error))
    }
  }

  async function processItem(client: BillOpsClient, item: OutboxItem, pass: PassState): Promise<void> {
    const entry = getEntry(db, item.entry_id)
    if (!entry) {
      update(item, item.sent ? { state: 'failed', last_error: 'the local entry was deleted' } : { state: 'cancelled' })
      return
    }
    setEntrySync(entry.id, 'syncing', null)
    try {
      if (item.kind === 'ingest') await processIngest(client, item, entry)
      else await processDecision(client, item, entry, pass)
      if (getItem(db, item.id)?.state === 'done') pass.sent++
    } catch (error) {
      const current = getItem(db, item.id) ?? item
      const message = error instanceof Error ? error.message : String(error)
      if (error instanceof BillOpsError && error.kind === 'unauthorized') {
        pass.authError = message
        setEntrySync(entry.id, 'queued', null)
        return
      }
      if (error instanceof DecidedElsewhere) {
        db.transaction(() => {
          update(current, { state: 'conflicted', last_error: message })
          setEntrySync(entry.id, 'conflicted', `${message}: check the entry in BillOps`)
        })()
        return
      }
      if (error instanceof BillOpsError && error.kind === 'not_found') {
        db.transaction(() => {
          update(current, { state: 'conflicted', last_error: message })
          setEntrySync(entry.id, 'conflicted', `${message}; resolve it in BillOps or reject it here`)
        })()
        return
      }
      const retry = error instanceof RetryLater || (error instanceof BillOpsError && error.retryable)
      if (retry) {
        const attempts = current.attempts + 1
        const hinted = error instanceof RetryLater ? error.delayMs : (error as BillOpsError).retryAfterMs
        const delay = retryDelayMs(backoff, attempts, random, hinted)
        db.transaction(() => {
          update(current, { attempts, next_attempt_at: clock.now() + delay, last_error: message })
          setEntrySync(entry.id, 'queued', message)
        })()
        return
      }
      // Rejected by the server (4xx), an answer outside the contract, or a bug: the user sees it.
      if (!(error instanceof BillOpsError) && !(error instanceof PermanentFailure)) logger.error(`sync of entry ${entry.id} failed`, message)
      db.transaction(() => {
        update(current, { state: 'failed', attempts: current.attempts + 1, last_error: message })
        setEntrySync(entry.id, 'failed', message)
      })()
    }
  }

  /** Server pending-review entries join the local review queue (source 'server'). */
  async function importPending(client: BillOpsClient): Promise<number> {
    const pending = await listPendingReview(client)
    const owned = knownServerIds(db)
    const linked = new Set(prepared<[], { server_id: string }>(db, 'SELECT server_id FROM server_entry_links').all().map((r) => r.server_id))
    const sentSpans = db
      .prepare<[], { started_at: string; ended_at: string; state: string }>(
        `SELECT e.started_at, e.ended_at, o.state FROM outbox o JOIN entries e ON e.id = o.entry_id
         WHERE o.kind = 'ingest' AND o.sent = 1 AND o.state IN ('queued', 'done', 'failed')`,
      )
      .all()
    const fresh: ServerEntry[] = []
    for (const server of pending) {
      if (owned.has(server.id) || linked.has(server.id)) continue
      const ours = sentSpans.filter((span) => overlaps(server, span))
      if (ours.length > 0) {
        // Created by one of our own ingests whose answer was lost: an extra for a span we already
        // approved is rejected; one for a span still in flight is left for that item to adopt.
        if (ours.some((span) => span.state === 'done')) {
          try {
            await client.patchEntry(server.id, { status: 'rejected' })
          } catch (error) {
            if (!(error instanceof BillOpsError && error.kind === 'not_found')) throw error
          }
        }
        continue
      }
      fresh.push(server)
    }
    if (fresh.length === 0) return 0
    const now = nowIso()
    const link = db.prepare('INSERT OR IGNORE INTO server_entry_links (server_id, entry_id) VALUES (?, ?)')
    db.transaction(() => {
      insertEntries(
        db,
        fresh.map((server) => {
          const context = server.context_data ?? {}
          const confidence = typeof context.confidence === 'number' && context.confidence >= 0 && context.confidence <= 1 ? context.confidence : 0
          return {
            id: `server-${server.id}`,
            started_at: server.started_at,
            ended_at: server.ended_at,
            duration_minutes: server.duration_minutes,
            status: 'pending' as const,
            source: 'server' as const,
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
            sync_state: 'synced' as const,
            user_touched: false,
            server_ids: [server.id],
            sync_error: null,
            created_at: now,
            updated_at: now,
          }
        }),
      )
      for (const server of fresh) link.run(server.id, `server-${server.id}`)
    })()
    return fresh.length
  }

  const counts = () => toSyncCounts(outboxCounts(db))

  async function syncOnce(): Promise<SyncResult> {
    const started = nowIso()
    const finish = (outcome: SyncOutcome, message: string | null, sent = 0, imported = 0): SyncResult => ({
      outcome,
      message,
      started_at: started,
      finished_at: nowIso(),
      sent,
      imported,
      counts: counts(),
    })
    const serverUrl = options.serverUrl()
    if (!serverUrl) return finish('not_configured', 'no BillOps server is configured')
    try {
      timeEntriesBase(serverUrl)
    } catch (error) {
      return finish('not_configured', error instanceof Error ? error.message : String(error))
    }
    let token: string | null
    try {
      token = await options.secretStore.get(TOKEN_SECRET)
    } catch (error) {
      return finish('auth_required', error instanceof Error ? error.message : String(error))
    }
    if (!token) return finish('auth_required', 'no BillOps token is set')
    const client = createBillOpsClient({ serverUrl, token, fetch: options.fetch, timeoutMs: options.timeoutMs })

    if (!lock.acquire()) return finish('retrying', 'another BillOps Tracker process is syncing this database')
    try {
      return await syncWithLock(client, finish)
    } finally {
      lock.release()
    }
  }

  async function syncWithLock(client: BillOpsClient, finish: (outcome: SyncOutcome, message: string | null, sent?: number, imported?: number) => SyncResult): Promise<SyncResult> {
    // A run that died mid-item left its entries marked 'syncing': they are queued again.
    prepared(db, "UPDATE entries SET sync_state = 'queued' WHERE sync_state = 'syncing'").run()
    const pass: PassState = { authError: null, sent: 0, stillPending: null }
    const items = dueItems(db, clock.now())
    if (items.some((item) => item.kind === 'decision' && !item.sent)) {
      pass.stillPending = await readStillPending(client)
      if (pass.stillPending instanceof BillOpsError && pass.stillPending.kind === 'unauthorized') return finish('auth_required', pass.stillPending.message)
    }
    let done = 0
    let cursor = 0
    const worker = async () => {
      while (cursor < items.length && pass.authError === null) {
        const item = items[cursor++]!
        await processItem(client, item, pass)
        lock.heartbeat()
        done++
        options.onProgress?.({ phase: 'sending', done, total: items.length })
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
    if (pass.authError) return finish('auth_required', pass.authError, pass.sent)

    let imported = 0
    let importProblem: string | null = null
    options.onProgress?.({ phase: 'importing', done: 0, total: 1 })
    try {
      imported = await importPending(client)
    } catch (error) {
      if (error instanceof BillOpsError && error.kind === 'unauthorized') return finish('auth_required', error.message, pass.sent)
      importProblem = `could not read pending-review: ${error instanceof Error ? error.message : String(error)}`
      if (!(error instanceof BillOpsError)) logger.error(importProblem)
    }
    options.onProgress?.({ phase: 'importing', done: 1, total: 1 })
    const after = counts()
    const problems = db
      .prepare<[], { last_error: string }>("SELECT last_error FROM outbox WHERE state IN ('queued', 'failed') AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1")
      .get()
    const outcome: SyncOutcome = after.pending > 0 || importProblem ? 'retrying' : after.failed > 0 ? 'failed' : 'ok'
    return finish(outcome, importProblem ?? (outcome === 'ok' ? null : (problems?.last_error ?? null)), pass.sent, imported)
  }

  return {
    syncOnce,
    counts,
    nextDueAt: () => nextDueAt(db),
    retryFailed() {
      return db.transaction(() => {
        const ids = prepared<[], { entry_id: string }>(db, "SELECT entry_id FROM outbox WHERE state = 'failed'").all()
        // 'sent' stays: an item that may have reached the server still looks before it resends
        prepared(db, "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = 0, updated_at = ? WHERE state = 'failed'").run(nowIso())
        for (const { entry_id } of ids) setEntrySync(entry_id, 'queued', null)
        return ids.length
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
        const wait = due === null ? backoff.baseMs : Math.max(0, due - clock.now())
        await sleep(Math.min(wait, Math.max(0, deadline - clock.monotonic())))
      }
    },
  }
}

/** The PATCH that approves a server entry as the user approved it locally (span as seen in review, edits included). */
function approvalOf(entry: LocalEntry): EntryUpdate {
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
