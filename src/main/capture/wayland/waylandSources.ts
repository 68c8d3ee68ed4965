// Capture sources for a Wayland session. X11 calls would reach XWayland only — blind to native
// Wayland windows and to input that goes to them — so the desktop's own interfaces are the source
// of truth: which desktop is found at start by the D-Bus names it owns (GNOME Shell, KWin),
// then that backend reports the front window and presence seconds (GNOME: Mutter's idle monitor;
// KWin and wlroots: ext-idle-notify-v1). Each source has its own bus connection: one failing
// never takes the other down.
import type { ActiveWindowSource, CaptureSources, InputSource, SourceLifecycle } from '../types'
import { createGnomeIdleWatcher, createGnomeWindowBackend, GNOME } from './gnomeSources'
import { createIdleNotifyWatcher } from './idleNotify'
import { createKdeWindowBackend, KDE } from './kdeSources'
import { createWlrootsWindowBackend } from './wlrootsSources'
import { createPresenceRecorder, type IdleWatcher, type PresenceRecorder } from './presence'
import { openSessionBus, type SessionBus } from './sessionBus'
import type { WaylandWindowBackend } from './backend'

export type WaylandDesktop = 'gnome' | 'kde' | 'wlroots' | 'unknown'

export function isWaylandSession(env: NodeJS.ProcessEnv): boolean {
  return env.XDG_SESSION_TYPE === 'wayland' || Boolean(env.WAYLAND_DISPLAY)
}

/** Which compositor runs this session, by the names it owns on the session bus. */
export async function detectDesktop(bus: SessionBus, env: NodeJS.ProcessEnv): Promise<WaylandDesktop> {
  if (await bus.hasOwner('org.gnome.Shell')) return 'gnome'
  if (await bus.hasOwner('org.kde.KWin')) return 'kde'
  if (
    env.SWAYSOCK ||
    env.HYPRLAND_INSTANCE_SIGNATURE ||
    /sway|hyprland|wlroots|river|wayfire/iu.test(env.XDG_CURRENT_DESKTOP ?? '')
  )
    return 'wlroots'
  return 'unknown'
}

const desktopName = (desktop: WaylandDesktop, env: NodeJS.ProcessEnv) =>
  desktop === 'gnome'
    ? GNOME
    : desktop === 'kde'
      ? KDE
      : `${env.XDG_CURRENT_DESKTOP || 'Wayland desktop'}${desktop === 'wlroots' ? ' (wlroots)' : ''}`

/** Opens a connection, finds the desktop and hands both to `begin`; closes it again on failure. */
async function withDesktop<T>(
  env: NodeJS.ProcessEnv,
  lifecycle: SourceLifecycle,
  begin: (bus: SessionBus, desktop: WaylandDesktop) => Promise<T>,
) {
  const bus = await openSessionBus(env)
  try {
    const desktop = await detectDesktop(bus, env)
    const started = await begin(bus, desktop)
    bus.onClosed((reason) => lifecycle.failed(reason))
    return { bus, started }
  } catch (error) {
    bus.close()
    throw error
  }
}

function createWaylandWindowSource(env: NodeJS.ProcessEnv): ActiveWindowSource {
  let running: { bus: SessionBus; started: WaylandWindowBackend } | null = null
  return {
    name: 'wayland-window',
    async start(onChange, lifecycle) {
      running = await withDesktop(env, lifecycle, async (bus, desktop) => {
        // Other desktops may still offer wlr-foreign-toplevel; it says "idle only" when not.
        const backend =
          desktop === 'gnome'
            ? createGnomeWindowBackend()
            : desktop === 'kde'
              ? createKdeWindowBackend()
              : createWlrootsWindowBackend(desktopName(desktop, env))
        try {
          await backend.start(bus, env, onChange, lifecycle)
        } catch (error) {
          await backend.stop().catch(() => {}) // what a half-started backend holds (KWin script, files)
          throw error
        }
        return backend
      })
    },
    async stop() {
      const was = running
      running = null
      await was?.started.stop()
      was?.bus.close()
    },
  }
}

function createWaylandPresenceSource(env: NodeJS.ProcessEnv): InputSource {
  let running: { bus: SessionBus; started: { watcher: IdleWatcher; recorder: PresenceRecorder } } | null = null
  return {
    name: 'wayland-presence',
    async start(onInput, lifecycle) {
      running = await withDesktop(env, lifecycle, async (bus, desktop) => {
        const watcher =
          desktop === 'gnome' ? createGnomeIdleWatcher(bus) : createIdleNotifyWatcher(env, desktopName(desktop, env))
        const recorder = createPresenceRecorder(onInput)
        try {
          await watcher.start(recorder.active, recorder.idle, lifecycle)
        } catch (error) {
          recorder.stop()
          await watcher.stop().catch(() => {})
          throw error
        }
        return { watcher, recorder }
      })
    },
    async stop() {
      const was = running
      running = null
      was?.started.recorder.stop()
      await was?.started.watcher.stop()
      was?.bus.close()
    },
  }
}

export function createWaylandSources(options: {
  env: NodeJS.ProcessEnv
}): Required<Pick<CaptureSources, 'input' | 'window'>> {
  return { input: createWaylandPresenceSource(options.env), window: createWaylandWindowSource(options.env) }
}
