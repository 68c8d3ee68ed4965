import type { AppStatus } from '../../shared/contract'
import type { Core } from '../app/createCore'
import type { Handlers } from './dispatcher'

type AppMethods = 'app.getStatus' | 'tracking.pause' | 'tracking.resume' | 'settings.get' | 'settings.update'

export function createAppHandlers(core: Pick<Core, 'status' | 'tracking' | 'settings' | 'notifyStatus' | 'events'>): Pick<Handlers, AppMethods> {
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
