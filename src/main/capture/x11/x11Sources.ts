// Capture sources for X11 (and XWayland) over one socket each, no child processes:
// - input: the RECORD extension delivers key and button *presses* only (no releases, no motion),
//   of which we read just the event type and, for buttons, the button number (wheel = 4–7).
//   Key codes are never read. Motion is sampled once a second with QueryPointer through the
//   jitter filter, so a mouse sending 1000 moves/s costs the same as a still one.
// - active window: PropertyNotify on the root window's _NET_ACTIVE_WINDOW and on the front
//   window's title, so focus and title changes arrive as events instead of being polled.
// Every press and every focus change carries the server's timestamp; both sources map it to wall
// time through one shared ServerClock, so capture credits each press to the window that was in
// front when it happened, however late the batch is read.
import type { CaptureSources } from '../types'
import { createServerClock } from './serverClock'
import { createX11InputSource } from './x11InputSource'
import { createX11WindowSource } from './x11WindowSource'
import type { X11SourceOptions, X11Timing } from './x11Shared'

/** Input and active-window sources for one display, sharing one server clock. */
export function createX11Sources(options: X11SourceOptions = {}): Required<Pick<CaptureSources, 'input' | 'window'>> {
  const timing: X11Timing = { clock: createServerClock(), now: options.now ?? Date.now, focusStamper: null }
  return { input: createX11InputSource(options, timing), window: createX11WindowSource(options, timing) }
}
