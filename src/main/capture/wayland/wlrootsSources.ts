// wlroots compositors (sway, Hyprland, river…): the front window from wlr-foreign-toplevel-
// management-v1, which lists every toplevel with its title, app id and state; the one whose
// state holds `activated` is in front. Each handle's changes arrive as a batch closed by `done`.
import type { ActiveWindow } from '../types'
import { backendReason } from '../../../shared/captureHealth'
import type { WaylandWindowBackend } from './backend'
import { connectWayland, readString, readUint, type WaylandConnection } from './waylandWire'

export const WLROOTS = 'wlroots desktop'
const MANAGER = 'zwlr_foreign_toplevel_manager_v1'
const ACTIVATED = 2

const enum HandleEvent {
  Title = 0,
  AppId = 1,
  State = 4,
  Done = 5,
  Closed = 6,
}

interface Toplevel {
  title: string | null
  appId: string
  activated: boolean
  pending: { title?: string; appId?: string; activated?: boolean }
}

function readStates(args: Buffer): number[] {
  const bytes = readUint(args, 0)
  const states: number[] = []
  for (let at = 4; at + 4 <= 4 + bytes; at += 4) states.push(readUint(args, at))
  return states
}

export function createWlrootsWindowBackend(desktop: string = WLROOTS): WaylandWindowBackend {
  let connection: WaylandConnection | null = null
  return {
    async start(_bus, env, onChange, lifecycle) {
      const wayland = await connectWayland(env)
      const manager = wayland.globals().find((g) => g.interface === MANAGER)
      if (!manager) {
        wayland.close()
        throw new Error(
          backendReason(
            desktop,
            'idle only',
            `the compositor offers no ${MANAGER}, so the front window cannot be seen`,
          ),
        )
      }
      connection = wayland
      const toplevels = new Map<number, Toplevel>()
      let front: ActiveWindow | null = null
      const report = () => {
        const active = [...toplevels.values()].find((t) => t.activated)
        const next = active ? { owner: active.appId || 'unknown', title: active.title } : null
        if (next?.owner === front?.owner && next?.title === front?.title) return
        front = next
        onChange(next)
      }
      const managerId = wayland.bind(manager, 3)
      wayland.onEvent(managerId, (event) => {
        if (event.opcode !== 0) return // finished
        const handle = readUint(event.args, 0)
        const toplevel: Toplevel = { title: null, appId: '', activated: false, pending: {} }
        toplevels.set(handle, toplevel)
        wayland.onEvent(handle, ({ opcode, args }) => {
          if (opcode === HandleEvent.Title) toplevel.pending.title = readString(args, 0).value
          else if (opcode === HandleEvent.AppId) toplevel.pending.appId = readString(args, 0).value
          else if (opcode === HandleEvent.State) toplevel.pending.activated = readStates(args).includes(ACTIVATED)
          else if (opcode === HandleEvent.Done) {
            const { title, appId, activated } = toplevel.pending
            if (title !== undefined) toplevel.title = title || null
            if (appId !== undefined) toplevel.appId = appId
            if (activated !== undefined) toplevel.activated = activated
            toplevel.pending = {}
            report()
          } else if (opcode === HandleEvent.Closed) {
            toplevels.delete(handle)
            wayland.request(handle, 7, []) // destroy
            report()
          }
        })
      })
      wayland.onClosed((reason) => {
        if (connection === wayland) lifecycle.failed(`${desktop}: ${reason}`)
      })
      await wayland.roundtrip()
      await wayland.roundtrip() // the handles' first batches
      if (front === null) onChange(null)
    },
    async stop() {
      const was = connection
      connection = null
      was?.close()
    },
  }
}
