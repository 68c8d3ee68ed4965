import type { AppStatus } from '../../shared/contract'
import type { SettingsStore } from '../store/settings'
import type { TrackingControl } from '../store/trackingState'
import type { Handlers } from './dispatcher'

type AppMethods = 'app.getStatus' | 'tracking.pause' | 'tracking.resume' | 'settings.get' | 'settings.update'

export interface AppHandlerDeps {
  status(): AppStatus
  notifyStatus(): void
  tracking: TrackingControl
  settings: SettingsStore
}

export function createAppHandlers(core: AppHandlerDeps): Pick<Handlers, AppMethods> {
  return {
    'app.getStatus': (): AppStatus => core.status(),
    'tracking.pause': ({ minutes }) => {
      const state = core.tracking.pause(minutes)
      core.notifyStatus()
      return state
    },
    'tracking.resume': () => {
      const state = core.tracking.resume()
      core.notifyStatus()
      return state
    },
    'settings.get': () => core.settings.get(),
    // The store announces settings.changed itself (for every caller, not only this one).
    'settings.update': (patch) => core.settings.update(patch),
  }
}
