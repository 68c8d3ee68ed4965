// GNOME Shell on Wayland: the front window from our extension (gnomeExtension.ts), presence from
// Mutter's idle monitor (`org.gnome.Mutter.IdleMonitor`: a 1 s idle watch and its one-shot
// user-active twin, so nothing is polled).
import { z } from 'zod'
import type { ActiveWindow } from '../types'
import { ensureGnomeExtension, type ExtensionCheck } from './gnomeExtension'
import { FOCUS_INTERFACE, FOCUS_OBJECT_PATH } from './gnomeExtensionFiles'
import { PRESENCE_IDLE_MS, type IdleWatcher } from './presence'
import type { SessionBus } from './sessionBus'
import { backendReason } from '../../../shared/captureHealth'
import type { WaylandWindowBackend } from './backend'

export const GNOME = 'GNOME Shell'
const SHELL = 'org.gnome.Shell'
const IDLE_MONITOR = 'org.gnome.Mutter.IdleMonitor'
const IDLE_PATH = '/org/gnome/Mutter/IdleMonitor/Core'
/** at login the app may start before the shell has exported its extension interface */
const STARTUP_WAIT_MS = 15_000

const ExtensionWindow = z
  .object({
    title: z.string().nullable(),
    wm_class: z.string().nullable(),
    app_id: z.string().nullable(),
    pid: z.number().int(),
    xwayland: z.boolean(),
  })
  .nullable()

/** The extension's JSON as capture's window: owner is the window class (as on X11), else the app id. */
export function parseExtensionWindow(json: unknown): ActiveWindow | null {
  const parsed = ExtensionWindow.safeParse(typeof json === 'string' ? JSON.parse(json) : json)
  if (!parsed.success)
    throw new Error(`the BillOps GNOME extension sent an unreadable window: ${parsed.error.issues[0]?.message ?? ''}`)
  const window = parsed.data
  if (!window) return null
  const owner = window.wm_class || window.app_id?.replace(/\.desktop$/u, '') || ''
  return owner === '' && !window.title ? null : { owner: owner || 'unknown', title: window.title || null }
}

/**
 * At login the app may start before GNOME Shell has loaded and enabled its extensions: until then
 * the Extensions interface may be missing, and an installed extension unknown or not yet enabled.
 * So an unsettled answer gets STARTUP_WAIT_MS to settle; a copy we have just written cannot load
 * before the next login, and that answer is final at once.
 */
async function checkExtension(bus: SessionBus, env: NodeJS.ProcessEnv): Promise<ExtensionCheck> {
  const end = Date.now() + STARTUP_WAIT_MS
  for (;;) {
    const check = await ensureGnomeExtension(bus, env).catch((error: unknown) => {
      if (Date.now() > end) throw error
      return null
    })
    if (check && (check.settled || Date.now() > end)) return check
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

export function createGnomeWindowBackend(): WaylandWindowBackend {
  let unsubscribe: (() => void) | null = null
  return {
    async start(bus, env, onChange, lifecycle) {
      const check = await checkExtension(bus, env)
      if (check.state !== 'ok') throw new Error(backendReason(GNOME, check.state, check.detail))
      const report = (json: unknown) => {
        try {
          onChange(parseExtensionWindow(json))
        } catch (error) {
          lifecycle.failed(String(error))
        }
      }
      unsubscribe = await bus.onSignal(
        { sender: SHELL, path: FOCUS_OBJECT_PATH, interface: FOCUS_INTERFACE, member: 'Changed' },
        ([json]) => report(json),
      )
      const [json] = await bus.call(SHELL, FOCUS_OBJECT_PATH, FOCUS_INTERFACE, 'Get')
      report(json)
    },
    async stop() {
      unsubscribe?.()
      unsubscribe = null
    },
  }
}

export function createGnomeIdleWatcher(bus: SessionBus): IdleWatcher {
  let unsubscribe: (() => void) | null = null
  let idleWatch: number | null = null
  let activeWatch: number | null = null
  const monitor = (member: string, signature = '', body: unknown[] = []) =>
    bus.call(IDLE_MONITOR, IDLE_PATH, IDLE_MONITOR, member, signature, body)
  let onActiveNow: () => void = () => {}
  /**
   * Arms the one-shot user-active watch. Input between the idle watch firing and this watch
   * being in place would be missed (until the next pause), so the idle time is read again after.
   */
  const addActiveWatch = async () => {
    const [id] = await monitor('AddUserActiveWatch')
    activeWatch = Number(id)
    const [idleMs] = await monitor('GetIdletime')
    if (Number(idleMs) < PRESENCE_IDLE_MS && activeWatch === Number(id)) {
      activeWatch = null
      await monitor('RemoveWatch', 'u', [Number(id)])
      onActiveNow()
    }
  }
  return {
    async start(onActive, onIdle, lifecycle) {
      onActiveNow = onActive
      const fail = (error: unknown) => lifecycle.failed(`${GNOME} idle monitor: ${String(error)}`)
      unsubscribe = await bus.onSignal(
        { sender: IDLE_MONITOR, path: IDLE_PATH, interface: IDLE_MONITOR, member: 'WatchFired' },
        ([id]) => {
          const fired = Number(id)
          if (fired === idleWatch) {
            onIdle()
            addActiveWatch().catch(fail) // one-shot: armed again each time the user goes idle
          } else if (fired === activeWatch) {
            activeWatch = null
            onActive()
          }
        },
      )
      const [watch] = await monitor('AddIdleWatch', 't', [BigInt(PRESENCE_IDLE_MS)])
      idleWatch = Number(watch)
      const [idleMs] = await monitor('GetIdletime')
      if (Number(idleMs) < PRESENCE_IDLE_MS) onActive()
      else await addActiveWatch()
    },
    async stop() {
      unsubscribe?.()
      unsubscribe = null
      for (const id of [idleWatch, activeWatch])
        if (id !== null) await monitor('RemoveWatch', 'u', [id]).catch(() => {})
      idleWatch = activeWatch = null
    },
  }
}
