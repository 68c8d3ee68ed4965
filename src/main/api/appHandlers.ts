import type { AppStatus } from '../../shared/contract'
import type { EventBus } from '../base/eventBus'
import type { SettingsStore } from '../store/settings'
import type { TrackingControl } from '../store/trackingState'
import type { Handlers } from './dispatcher'

type AppMethods = 'app.getStatus' | 'tracking.pause' | 'tracking.resume' | 'settings.get' | 'settings.update'

export interface AppHandlerDeps {
  status(): AppStatus
  notifyStatus(): void
  tracking: TrackingControl
  settings: SettingsStore
  events: EventBus
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
    'settings.update': (patch) => {
      const settings = core.settings.update(patch)
      core.events.emit('settings.changed', settings)
      return settings
    },
  }
}
