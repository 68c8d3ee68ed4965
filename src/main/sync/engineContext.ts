// What the parts of one sync engine share: its options with their defaults resolved, the two
// durable writes every step makes (outbox item, entry sync columns), and the state of one pass.
import type { SyncCounts, SyncProgress } from '../../shared/contract/sync'
import type { LocalEntry } from '../../shared/domain'
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../base/backoff'
import { type Clock } from '../base/clock'
import type { Logger } from '../base/logger'
import type { SecretStore } from '../base/secretStore'
import type { WritableDB } from '../store/database'
import { updateEntrySync } from '../store/entries'
import { updateItem, type OutboxCounts, type OutboxItem, type OutboxPatch } from '../store/outbox'
import { timeEntriesBase } from './serverUrl'
import { isoSeconds } from '../../shared/isoTime'

/**
 * The secret store key of the BillOps API token of a server: one per origin, so a token is only
 * ever sent to the server it was set for. `TOKEN_SECRET` alone is the key older versions used
 * for their one token (syncService moves it under the origin configured at start).
 */
export const TOKEN_SECRET = 'billops_token'

/** The origin a token belongs to (throws ServerUrlError for an address sync would refuse). */
export const serverOrigin = (serverUrl: string): string => new URL(timeEntriesBase(serverUrl)).origin

export const tokenSecretName = (serverUrl: string): string => `${TOKEN_SECRET}@${serverOrigin(serverUrl)}`

export interface SyncEngineOptions {
  db: WritableDB
  clock: Clock
  logger: Logger
  fetch: typeof fetch
  secretStore: SecretStore
  /** the configured server (settings.server_url) */
  serverUrl: () => string | null
  /** the token of this server; default: the secret store's entry for its origin */
  token?: (serverUrl: string) => Promise<string | null>
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
  /** how often a run refreshes the database's sync lock while it holds it (default 30 s; stale after 10 min) */
  lockHeartbeatMs?: number
  onProgress?: (progress: SyncProgress) => void
}

export interface EngineContext {
  readonly options: SyncEngineOptions
  readonly db: WritableDB
  readonly clock: Clock
  readonly logger: Logger
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
  readonly backoff: BackoffPolicy
  readonly pollInitialMs: number
  readonly pollMaxMs: number
  readonly pollBudgetMs: number
  readonly taskStaleAfterMs: number
  readonly getRetries: number
  readonly concurrency: number
  readonly pageSize: number
  readonly lockHeartbeatMs: number
  nowIso(): string
  updateItem(item: OutboxItem, patch: OutboxPatch): void
  setEntrySync(entryId: string, state: LocalEntry['sync_state'], error: string | null, serverIds?: string[]): void
}

export function createEngineContext(options: SyncEngineOptions): EngineContext {
  const { db, clock } = options
  const nowIso = () => isoSeconds(clock.now())
  return {
    options,
    db,
    clock,
    logger: options.logger,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    pollInitialMs: options.pollInitialDelayMs ?? 50,
    pollMaxMs: options.pollMaxDelayMs ?? 5_000,
    pollBudgetMs: options.pollBudgetMs ?? 30_000,
    taskStaleAfterMs: options.taskStaleAfterMs ?? 15 * 60_000,
    getRetries: options.getRetries ?? 2,
    concurrency: Math.max(1, options.concurrency ?? 4),
    pageSize: options.pageSize ?? 500,
    lockHeartbeatMs: options.lockHeartbeatMs ?? 30_000,
    nowIso,
    updateItem: (item, patch) => updateItem(db, item.id, patch, nowIso()),
    setEntrySync: (entryId, state, error, serverIds) =>
      updateEntrySync(db, entryId, { sync_state: state, sync_error: error, server_ids: serverIds }, nowIso()),
  }
}

export interface PassState {
  /** set by the first 401: the pass stops sending and asks for a token */
  authError: string | null
  /** set by the first answer saying the server address is wrong (a fixed route 404s): the pass stops */
  configError: string | null
  /** another process took the sync lock over (this one looked dead or silent): stop at once */
  lockLost: boolean
  sent: number
  /** some request of this pass got an answer from the server (any HTTP status) */
  reached: boolean
  /** the last "cannot reach the server" error of this pass (connection refused, DNS, TLS) */
  networkError: string | null
  /** ids pending review on the server, read once per pass when a decision needs the check */
  stillPending: Set<string> | Error | null
}

export function toSyncCounts(counts: OutboxCounts): SyncCounts {
  return { synced: counts.done, pending: counts.queued, failed: counts.failed, conflicted: counts.conflicted }
}
