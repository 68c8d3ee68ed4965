// The sync capability as the composition root wires it: engine + scheduler + the contract's
// sync.* handlers, over the injected fetch (net.fetch in the app) and secret store.
import type { SyncStatus } from '../../shared/contract/sync'
import type { Handlers } from '../api/dispatcher'
import { AppError } from '../base/appError'
import type { Clock } from '../base/clock'
import { toIso } from '../base/clock'
import type { EventBus } from '../base/eventBus'
import type { Logger } from '../base/logger'
import type { SecretStore } from '../base/secretStore'
import type { SettingsStore } from '../store/settings'
import type { Database } from '../store/database'
import { ServerUrlError, timeEntriesBase } from './serverUrl'
import { createSyncEngine, TOKEN_SECRET, type SyncEngine } from './syncEngine'
import { createSyncScheduler, type SyncScheduler, type Timers } from './syncScheduler'

type SyncMethods = 'sync.now' | 'sync.getStatus' | 'sync.setToken' | 'sync.clearToken' | 'sync.retryFailed' | 'sync.setServer'

export interface SyncServiceOptions {
  db: Database
  clock: Clock
  logger: Logger
  fetch: typeof fetch
  secretStore: SecretStore
  settings: SettingsStore
  events: EventBus
  intervalMs?: number
  timers?: Timers
}

export interface SyncService {
  readonly engine: SyncEngine
  /** not started by createCore: the Electron shell calls scheduler.start() */
  readonly scheduler: SyncScheduler
  readonly handlers: Pick<Handlers, SyncMethods>
  status(): Promise<SyncStatus>
}

export const PLAINTEXT_WARNING =
  'No system keyring is available (Electron safeStorage uses basic_text): the BillOps token is stored without real encryption. Install and unlock a keyring (GNOME Keyring or KWallet) to protect it.'

export function createSyncService(options: SyncServiceOptions): SyncService {
  const { db, clock, logger, secretStore, settings, events } = options
  const engine = createSyncEngine({
    db,
    clock,
    logger,
    fetch: options.fetch,
    secretStore,
    serverUrl: () => settings.get().server_url,
    thresholds: () => settings.get(),
    onProgress: (progress) => events.emit('sync.progress', progress),
  })

  async function status(): Promise<SyncStatus> {
    const backend = secretStore.backend()
    return {
      server_url: settings.get().server_url,
      token_set: await secretStore.get(TOKEN_SECRET).then(
        (token) => token !== null,
        () => false,
      ),
      secret_backend: backend,
      secret_warning: backend === 'plaintext_fallback' ? PLAINTEXT_WARNING : null,
      online: scheduler.online,
      running: scheduler.running,
      next_run_at: scheduler.nextRunAt === null ? null : toIso(scheduler.nextRunAt),
      last_result: scheduler.lastResult,
      counts: engine.counts(),
    }
  }

  const publishStatus = () => {
    status().then(
      (value) => events.emit('sync.status', value),
      (error: unknown) => logger.warn('sync status unavailable', error instanceof Error ? error.message : String(error)),
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
      // the review queue shows sync state and imported server suggestions
      if (result.sent > 0 || result.imported > 0) events.emit('review.changed', { reason: 'sync' })
    },
    onStateChange: publishStatus,
  })

  const handlers: Pick<Handlers, SyncMethods> = {
    'sync.now': () => scheduler.syncNow(),
    'sync.getStatus': () => status(),
    'sync.setToken': async ({ token }) => {
      try {
        await secretStore.set(TOKEN_SECRET, token)
      } catch (error) {
        throw new AppError('unavailable', `cannot store the token: ${error instanceof Error ? error.message : String(error)}`)
      }
      publishStatus()
      return status()
    },
    'sync.clearToken': async () => {
      await secretStore.delete(TOKEN_SECRET)
      return status()
    },
    'sync.retryFailed': async () => {
      if (engine.retryFailed() > 0) void scheduler.syncNow()
      return status()
    },
    'sync.setServer': async ({ server_url }) => {
      try {
        timeEntriesBase(server_url)
      } catch (error) {
        if (error instanceof ServerUrlError) throw new AppError('invalid_input', error.message)
        throw error
      }
      const updated = settings.update({ server_url: server_url.trim() })
      events.emit('settings.changed', updated)
      return status()
    },
  }

  return { engine, scheduler, handlers, status }
}
