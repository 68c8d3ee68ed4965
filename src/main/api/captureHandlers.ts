import type { CaptureStatus } from '../../shared/contract'
import type { Handlers } from './dispatcher'
import type { HealthRegistry } from '../base/healthRegistry'
import type { SettingsStore } from '../store/settings'
import type { CaptureService } from '../capture/captureService'

type CaptureMethods = 'capture.getStatus' | 'capture.setPrivateMode' | 'capture.flush'

export function createCaptureHandlers(deps: {
  capture: CaptureService
  health: HealthRegistry
  settings: SettingsStore
  notifyStatus: () => void
}): Pick<Handlers, CaptureMethods> {
  const status = (): CaptureStatus => ({ sources: deps.health.list(), ...deps.capture.status() })
  return {
    'capture.getStatus': () => status(),
    'capture.setPrivateMode': ({ enabled }) => {
      deps.settings.update({ private_mode: enabled })
      deps.capture.refresh()
      deps.notifyStatus()
      return status()
    },
    'capture.flush': () => {
      deps.capture.flush('api')
      return status()
    },
  }
}
