// The sync capability as the composition root wires it: engine + scheduler + status, over the
// injected fetch (net.fetch in the app) and secret store. Its contract handlers are in
// api/syncHandlers.ts.
import type { SyncStatus } from '../../shared/contract/sync'
import type { Clock } from '../base/clock'
import type { EventBus } from '../base/eventBus'
import type { Logger } from '../base/logger'
import type { SecretStore } from '../base/secretStore'
import type { SettingsStore } from '../store/settings'
import type { WritableDB } from '../store/database'
import { createSyncEngine, TOKEN_SECRET, tokenSecretName, type SyncEngine } from './syncEngine'
import { createSyncScheduler, type SyncScheduler, type Timers } from './syncScheduler'
import { errorMessage } from '../../shared/errorMessage'
import { isoSeconds } from '../../shared/isoTime'
import { unresolvedItems, type UnresolvedItem } from '../store/outbox'

export interface SyncServiceOptions {
  db: WritableDB
  clock: Clock
  logger: Logger
  fetch: typeof fetch
  secretStore: SecretStore
  settings: SettingsStore
  events: EventBus
  /** sync with this server instead of settings.server_url (the CLI's --server) */
  serverUrl?: string
  intervalMs?: number
  timers?: Timers
  /** how the engine waits between retries (tests: a fake that moves a manual clock) */
  sleep?: (ms: number) => Promise<void>
}

export interface SyncService {
  readonly engine: SyncEngine
  /** not started by createCore: the Electron shell calls scheduler.start() */
  readonly scheduler: SyncScheduler
  status(): Promise<SyncStatus>
  /** emits sync.status; for changes the scheduler does not see (e.g. a new token) */
  publishStatus(): void
  /** the server sync talks to: settings.server_url, or the CLI's --server */
  serverUrl(): string | null
  /** stores the token of the configured server (tokens are kept per origin) */
  setToken(token: string): Promise<void>
  /** forgets the token of the configured server */
  clearToken(): Promise<void>
  /** what is still waiting or failed, oldest first (`billops sync` lists them at the end) */
  unresolved(limit: number): UnresolvedItem[]
}

/** Thrown by setToken when there is no valid server to keep the token for. */
export class NoServerForToken extends Error {}

export const PLAINTEXT_WARNING =
  'No system keyring is available (Electron safeStorage uses basic_text): the BillOps token is stored without real encryption. Install and unlock a keyring (GNOME Keyring or KWallet) to protect it.'

export function createSyncService(options: SyncServiceOptions): SyncService {
  const { db, clock, logger, secretStore, settings, events } = options
  const serverUrl = () => options.serverUrl ?? settings.get().server_url
  const nameFor = (url: string | null): string | null => {
    if (!url) return null
    try {
      return tokenSecretName(url)
    } catch {
      return null
    }
  }

  // Older versions kept one token under TOKEN_SECRET whatever the server: it belongs to the
  // server configured when this version starts, and nowhere else.
  const legacyOwner = nameFor(serverUrl())
  let migration: Promise<void> | null = null
  const migrateLegacyToken = (): Promise<void> => {
    migration ??= (async () => {
      const legacy = await secretStore.get(TOKEN_SECRET)
      if (legacy === null) return
      if (legacyOwner && (await secretStore.get(legacyOwner)) === null) await secretStore.set(legacyOwner, legacy)
      await secretStore.delete(TOKEN_SECRET)
    })().catch((error: unknown) => {
      logger.warn('could not move the stored BillOps token to its server', errorMessage(error))
    })
    return migration
  }
  const tokenFor = async (url: string | null): Promise<string | null> => {
    const name = nameFor(url)
    if (!name) return null
    await migrateLegacyToken()
    return secretStore.get(name)
  }

  const engine = createSyncEngine({
    db,
    clock,
    logger,
    fetch: options.fetch,
    secretStore,
    serverUrl,
    token: tokenFor,
    thresholds: () => settings.get(),
    sleep: options.sleep,
    onProgress: (progress) => events.emit('sync.progress', progress),
  })

  async function status(): Promise<SyncStatus> {
    const backend = secretStore.backend()
    return {
      server_url: serverUrl(),
      token_set: await tokenFor(serverUrl()).then(
        (token) => token !== null,
        () => false,
      ),
      secret_backend: backend,
      secret_warning: backend === 'plaintext_fallback' ? PLAINTEXT_WARNING : null,
      online: scheduler.online,
      running: scheduler.running,
      next_run_at: scheduler.nextRunAt === null ? null : isoSeconds(scheduler.nextRunAt),
      last_result: scheduler.lastResult,
      counts: engine.counts(),
    }
  }

  const publishStatus = () => {
    status().then(
      (value) => events.emit('sync.status', value),
      (error: unknown) => logger.warn('sync status unavailable', errorMessage(error)),
    )
  }

  const scheduler = createSyncScheduler({
    engine,
    clock,
    logger,
    intervalMs: options.intervalMs,
    timers: options.timers,
    onResult: (result) => {
      events.emit('sync.result', result)
      // The queue shows sync state and imported server suggestions; the result counts them but does not name them: reload.
      if (result.sent > 0 || result.imported > 0)
        events.emit('review.changed', { reason: 'sync', added: [], changed: [], removed: [], reload: true })
    },
    onStateChange: publishStatus,
  })

  return {
    engine,
    scheduler,
    status,
    publishStatus,
    serverUrl,
    unresolved: (limit) => unresolvedItems(db, limit),
    async setToken(token) {
      const name = nameFor(serverUrl())
      if (!name) throw new NoServerForToken('set the BillOps server first: a token is kept for one server only')
      await migrateLegacyToken()
      await secretStore.set(name, token)
    },
    async clearToken() {
      const name = nameFor(serverUrl())
      await migrateLegacyToken()
      if (name) await secretStore.delete(name)
    },
  }
}
