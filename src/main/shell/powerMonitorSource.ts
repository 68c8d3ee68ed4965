// Electron's powerMonitor as capture's system-state source: idle time, lock/unlock,
// suspend/resume, shutdown. Lock and suspend are hard boundaries the heuristics end activity at.
// The only capture file that imports electron; everything else gets it through SystemStateSource.
import { powerMonitor } from 'electron'
import type { SourceLifecycle, SystemEvent, SystemStateSource } from '../capture/types'

const EVENTS: ReadonlyArray<readonly [string, SystemEvent]> = [
  ['lock-screen', 'lock'],
  ['unlock-screen', 'unlock'],
  ['suspend', 'suspend'],
  ['resume', 'resume'],
  ['shutdown', 'shutdown'],
]

export interface PowerMonitorSourceOptions {
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
}

export function createPowerMonitorSource(options: PowerMonitorSourceOptions = {}): SystemStateSource {
  const platform = options.platform ?? process.platform
  const env = options.env ?? process.env
  // On Wayland getSystemIdleTime() can be 0 or wrong: better "unknown" than "always active".
  const wayland = platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY))
  const attached: Array<[string, () => void]> = []

  return {
    name: 'electron-powerMonitor',
    async start(onEvent: (event: SystemEvent) => void, lifecycle: SourceLifecycle) {
      for (const [name, event] of EVENTS) {
        const listener = () => onEvent(event)
        powerMonitor.on(name as 'suspend', listener)
        attached.push([name, listener])
      }
      const notes: string[] = []
      if (wayland) notes.push('Wayland session: system idle time is unreliable, idle is derived from captured input')
      // lock-screen/unlock-screen are emitted on macOS and Windows only.
      if (platform === 'linux') notes.push('screen lock is not reported on Linux: suspend, resume and idle still are')
      lifecycle.degraded(notes.length > 0 ? notes.join('; ') : null)
    },
    idleSeconds() {
      if (wayland) return null
      try {
        return powerMonitor.getSystemIdleTime()
      } catch {
        return null
      }
    },
    async stop() {
      for (const [name, listener] of attached.splice(0)) powerMonitor.removeListener(name as 'suspend', listener)
    },
  }
}
