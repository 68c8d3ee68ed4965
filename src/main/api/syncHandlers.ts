// Contract handlers of the sync capability (sync.*).
import type { Handlers } from './dispatcher'
import { AppError } from '../base/appError'
import type { SettingsStore } from '../store/settings'
import { ServerUrlError, timeEntriesBase } from '../sync/serverUrl'
import { NoServerForToken, type SyncService } from '../sync/syncService'
import { errorMessage } from '../../shared/errorMessage'

type SyncMethods =
  'sync.now' | 'sync.getStatus' | 'sync.setToken' | 'sync.clearToken' | 'sync.retryFailed' | 'sync.setServer'

export interface SyncDeps {
  sync: SyncService
  settings: SettingsStore
}

export function createSyncHandlers({ sync, settings }: SyncDeps): Pick<Handlers, SyncMethods> {
  return {
    'sync.now': () => sync.scheduler.syncNow(),
    'sync.getStatus': () => sync.status(),
    'sync.setToken': async ({ token }) => {
      try {
        await sync.setToken(token)
      } catch (error) {
        if (error instanceof NoServerForToken) throw new AppError('invalid_input', error.message)
        throw new AppError('unavailable', `cannot store the token: ${errorMessage(error)}`)
      }
      sync.publishStatus()
      return sync.status()
    },
    'sync.clearToken': async () => {
      await sync.clearToken()
      sync.publishStatus()
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
      // The store announces settings.changed itself. Tokens are kept per origin: a new server
      // reports token_set: false until its own token is set.
      settings.update({ server_url: server_url.trim() })
      sync.publishStatus()
      return sync.status()
    },
  }
}
