// Contract handlers of the sync capability (sync.*).
import type { Handlers } from './dispatcher'
import { AppError } from '../base/appError'
import type { EventBus } from '../base/eventBus'
import type { SecretStore } from '../base/secretStore'
import type { SettingsStore } from '../store/settings'
import { ServerUrlError, timeEntriesBase } from '../sync/serverUrl'
import { TOKEN_SECRET } from '../sync/syncEngine'
import type { SyncService } from '../sync/syncService'
import { errorMessage } from '../../shared/errorMessage'

type SyncMethods = 'sync.now' | 'sync.getStatus' | 'sync.setToken' | 'sync.clearToken' | 'sync.retryFailed' | 'sync.setServer'

export interface SyncDeps {
  sync: SyncService
  secretStore: SecretStore
  settings: SettingsStore
  events: EventBus
}

export function createSyncHandlers({ sync, secretStore, settings, events }: SyncDeps): Pick<Handlers, SyncMethods> {
  return {
    'sync.now': () => sync.scheduler.syncNow(),
    'sync.getStatus': () => sync.status(),
    'sync.setToken': async ({ token }) => {
      try {
        await secretStore.set(TOKEN_SECRET, token)
      } catch (error) {
        throw new AppError('unavailable', `cannot store the token: ${errorMessage(error)}`)
      }
      sync.publishStatus()
      return sync.status()
    },
    'sync.clearToken': async () => {
      await secretStore.delete(TOKEN_SECRET)
      return sync.status()
    },
    'sync.retryFailed': async () => {
      if (sync.engine.retryFailed() > 0) void sync.scheduler.syncNow()
      return sync.status()
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
      return sync.status()
    },
  }
}
