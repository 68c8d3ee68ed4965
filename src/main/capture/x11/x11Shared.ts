// What the X11 input and window sources of one display share: their options, the server-time
// mapping and the window connection's stamper, and the Wayland note both show.
import type { ServerClock } from './serverClock'
import type { TimeStamper } from './timeStamper'

export interface X11SourceOptions {
  display?: string
  env?: NodeJS.ProcessEnv
  /** how often key/button presses are read and the pointer position is sampled for motion */
  batchMs?: number
  /** wall clock (tests) */
  now?: () => number
}

/** What the two sources of one display share: the server-time mapping and the focus connection's stamper. */
export interface X11Timing {
  clock: ServerClock
  now: () => number
  /** the window source's stamper while it runs: stamping there proves its focus events are in */
  focusStamper: TimeStamper | null
}

export function waylandNote(env: NodeJS.ProcessEnv): string | null {
  return env.XDG_SESSION_TYPE === 'wayland' || env.WAYLAND_DISPLAY
    ? 'Wayland session: only XWayland apps are seen; native Wayland windows and input are invisible'
    : null
}
