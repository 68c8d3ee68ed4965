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

/**
 * Electron emits lock-screen/unlock-screen on macOS and Windows only. On Linux the system idle
 * state reads "locked" while the screen locker (screensaver) is active, so it is polled.
 */
export const LINUX_LOCK_POLL_MS = 5_000

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
  let lockPoll: ReturnType<typeof setInterval> | null = null

  function pollLockState(onEvent: (event: SystemEvent) => void) {
    let locked = false
    lockPoll = setInterval(() => {
      let state: string
      try {
        state = powerMonitor.getSystemIdleState(60)
      } catch {
        return
      }
      if (state === 'locked' && !locked) onEvent('lock')
      else if (state !== 'locked' && state !== 'unknown' && locked) onEvent('unlock')
      else return
      locked = !locked
    }, LINUX_LOCK_POLL_MS)
    lockPoll.unref?.()
  }

  return {
    name: 'electron-powerMonitor',
    async start(onEvent: (event: SystemEvent) => void, lifecycle: SourceLifecycle) {
      for (const [name, event] of EVENTS) {
        const listener = () => onEvent(event)
        powerMonitor.on(name as 'suspend', listener)
        attached.push([name, listener])
      }
      if (platform === 'linux') pollLockState(onEvent)
      const notes: string[] = []
      if (wayland)
        notes.push(
          'Wayland session: system idle time is unreliable, idle is derived from captured input; a screen lock may go unseen',
        )
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
      if (lockPoll) clearInterval(lockPoll)
      lockPoll = null
      for (const [name, listener] of attached.splice(0)) powerMonitor.removeListener(name as 'suspend', listener)
    },
  }
}
