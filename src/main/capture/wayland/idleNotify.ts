// Presence on KWin and wlroots compositors from the ext-idle-notify-v1 Wayland protocol: one
// notification with a 1 s timeout says `idled` when input stops and `resumed` when it starts.
// Version 2 adds an input-only notification that ignores idle inhibitors; with version 1 a client
// holding an inhibitor (a video call, a playing video) keeps `idled` from ever coming, so such
// time counts as presence — right for meetings, and documented. Compositors without it (sway
// before 1.9, older KWin) offer KDE's org_kde_kwin_idle, which says the same with the same
// event numbers (idle, resumed).
import { PRESENCE_IDLE_MS, type IdleWatcher } from './presence'
import { connectWayland, type WaylandConnection } from './waylandWire'

const NOTIFIER = 'ext_idle_notifier_v1'
const KDE_IDLE = 'org_kde_kwin_idle'

export function createIdleNotifyWatcher(env: NodeJS.ProcessEnv, desktop: string): IdleWatcher {
  let connection: WaylandConnection | null = null
  return {
    async start(onActive, onIdle, lifecycle) {
      const wayland = await connectWayland(env)
      connection = wayland
      const notifier = wayland.globals().find((g) => g.interface === NOTIFIER)
      const kdeIdle = wayland.globals().find((g) => g.interface === KDE_IDLE)
      const seat = wayland.globals().find((g) => g.interface === 'wl_seat')
      const idle = notifier ?? kdeIdle
      if (!idle || !seat) {
        wayland.close()
        connection = null
        throw new Error(
          `${desktop}: the compositor offers no ${NOTIFIER} (nor ${KDE_IDLE}), so no presence seconds (idle comes from the system only)`,
        )
      }
      // New ids must be used in the order they are allocated: bind first, then the notification.
      const seatId = wayland.bind(seat, 1)
      const source = wayland.bind(idle, idle === notifier ? 2 : 1)
      const notification = wayland.newId()
      // both: event 0 is idle, 1 is resumed
      wayland.onEvent(notification, (event) => (event.opcode === 0 ? onIdle() : onActive()))
      if (idle === notifier) {
        // get_input_idle_notification (v2, ignores inhibitors) when offered, else get_idle_notification
        wayland.request(source, idle.version >= 2 ? 2 : 1, [
          { uint: notification },
          { uint: PRESENCE_IDLE_MS },
          { object: seatId },
        ])
      } else {
        wayland.request(source, 0, [{ uint: notification }, { object: seatId }, { uint: PRESENCE_IDLE_MS }]) // get_idle_timeout
      }
      wayland.onClosed((reason) => {
        if (connection === wayland) lifecycle.failed(`${desktop}: ${reason}`)
      })
      await wayland.roundtrip()
      // No event until the first change: presence starts at the first `resumed`, never guessed.
    },
    async stop() {
      const was = connection
      connection = null
      was?.close()
    },
  }
}
