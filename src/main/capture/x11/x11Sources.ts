// Capture sources for X11 (and XWayland) over one socket each, no child processes:
// - input: the RECORD extension delivers key and button *presses* only (no releases, no motion),
//   of which we read just the event type and, for buttons, the button number (wheel = 4–7).
//   Key codes are never read. Motion is sampled once a second with QueryPointer through the
//   jitter filter, so a mouse sending 1000 moves/s costs the same as a still one.
// - active window: PropertyNotify on the root window's _NET_ACTIVE_WINDOW and on the front
//   window's title, so focus and title changes arrive as events instead of being polled.
import { createJitterFilter } from '../jitterFilter'
import type { ActiveWindow, ActiveWindowSource, InputKind, InputSource, SourceLifecycle } from '../types'
import {
  getProperty,
  internAtom,
  PROPERTY_CHANGE_MASK,
  queryExtension,
  queryPointer,
  selectEvents,
  X11Connection,
  X11Error,
} from './x11Connection'

const KEY_PRESS = 2
const BUTTON_PRESS = 4
const PROPERTY_NOTIFY = 28
const RECORD_FROM_SERVER = 0
const RECORD_START_OF_DATA = 4
const RECORD_ALL_CLIENTS = 3
const WM_NAME = 39
const WM_CLASS = 67

export interface X11SourceOptions {
  display?: string
  env?: NodeJS.ProcessEnv
  /** how often key/button presses are read and the pointer position is sampled for motion */
  batchMs?: number
}

function waylandNote(env: NodeJS.ProcessEnv): string | null {
  return env.XDG_SESSION_TYPE === 'wayland' || env.WAYLAND_DISPLAY
    ? 'Wayland session: only XWayland apps are seen; native Wayland windows and input are invisible'
    : null
}

export function createX11InputSource(options: X11SourceOptions = {}): InputSource {
  const env = options.env ?? process.env
  let control: X11Connection | null = null
  let data: X11Connection | null = null
  let context = 0
  let extension = 0
  let motionTimer: ReturnType<typeof setInterval> | null = null

  const cleanup = () => {
    if (motionTimer) clearInterval(motionTimer)
    motionTimer = null
    data?.close()
    control?.close()
    data = control = null
  }

  return {
    name: 'x11-record',
    async start(onInput: (kind: InputKind, count: number) => void, lifecycle: SourceLifecycle) {
      const display = options.display ?? env.DISPLAY
      try {
        control = await X11Connection.connect(display, env)
        data = await X11Connection.connect(display, env)
        const major = await queryExtension(control, 'RECORD')
        if (major === null) throw new X11Error('the X server has no RECORD extension: keyboard and mouse cannot be counted')
        extension = major
        const version = Buffer.alloc(4)
        version.writeUInt16LE(1, 0)
        version.writeUInt16LE(13, 2)
        await control.request(extension, 0, version, true)
        context = control.allocateId()
        control.request(extension, 1, createContextBody(context), false)
        // A round trip makes sure the context exists before the data connection enables it.
        await control.request(extension, 0, version, true)
      } catch (error) {
        cleanup()
        throw error
      }
      const ctl = control
      const stream = data
      const started = new Promise<void>((resolve, reject) => {
        stream.onError((error) => reject(error))
        const enable = Buffer.alloc(4)
        enable.writeUInt32LE(context, 0)
        stream.requestStream(extension, 5, enable, (reply) => {
          const category = reply[1]
          if (category === RECORD_START_OF_DATA) resolve()
          if (category !== RECORD_FROM_SERVER) return
          let keys = 0
          let clicks = 0
          let scrolls = 0
          for (let i = 32; i + 32 <= reply.length; i += 32) {
            const type = (reply[i] as number) & 0x7f
            if (type === KEY_PRESS) keys += 1
            else if (type === BUTTON_PRESS) {
              const button = reply[i + 1] as number
              if (button >= 4 && button <= 7) scrolls += 1
              else clicks += 1
            }
          }
          if (keys) onInput('keyboard', keys)
          if (clicks) onInput('mouse_click', clicks)
          if (scrolls) onInput('mouse_scroll', scrolls)
        })
      })
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new X11Error('RECORD did not start streaming input')), 3_000).unref(),
      )
      try {
        await Promise.race([started, timeout])
      } catch (error) {
        cleanup()
        throw error
      }
      const lost = (reason: string) => {
        cleanup()
        lifecycle.failed(reason)
      }
      ctl.onClose(lost)
      stream.onClose(lost)
      const jitter = createJitterFilter()
      const root = ctl.setup.root
      stream.holdReading()
      // One wake-up per batch: read the presses held in the socket, sample the pointer.
      motionTimer = setInterval(() => {
        void stream.readPending()
        queryPointer(ctl, root).then(
          (position) => {
            if (jitter.moved(position.x, position.y)) onInput('mouse_move', 1)
          },
          () => {},
        )
      }, options.batchMs ?? 1_000)
      motionTimer.unref?.()
      lifecycle.degraded(waylandNote(env))
    },
    drain() {
      return data ? data.readPending() : Promise.resolve()
    },
    async stop() {
      await data?.readPending()
      if (control && context) {
        const body = Buffer.alloc(4)
        body.writeUInt32LE(context, 0)
        control.request(extension, 6, body, false) // DisableContext
        control.request(extension, 7, body, false) // FreeContext
      }
      cleanup()
    },
  }
}

/** RecordCreateContext: all clients, device events KeyPress..KeyPress and ButtonPress..ButtonPress. */
function createContextBody(context: number): Buffer {
  const ranges = [
    [KEY_PRESS, KEY_PRESS],
    [BUTTON_PRESS, BUTTON_PRESS],
  ] as const
  const body = Buffer.alloc(16 + 4 + ranges.length * 24)
  body.writeUInt32LE(context, 0)
  body[4] = 0 // no element headers
  body.writeUInt32LE(1, 8) // one client spec
  body.writeUInt32LE(ranges.length, 12)
  body.writeUInt32LE(RECORD_ALL_CLIENTS, 16)
  ranges.forEach(([first, last], index) => {
    const offset = 20 + index * 24
    body[offset + 18] = first // device-events first
    body[offset + 19] = last // device-events last
  })
  return body
}

export function createX11WindowSource(options: X11SourceOptions = {}): ActiveWindowSource {
  const env = options.env ?? process.env
  let connection: X11Connection | null = null

  return {
    name: 'x11-active-window',
    async start(onChange: (window: ActiveWindow | null) => void, lifecycle: SourceLifecycle) {
      const x = await X11Connection.connect(options.display ?? env.DISPLAY, env)
      connection = x
      const root = x.setup.root
      let atoms: { active: number; netWmName: number; utf8: number }
      try {
        const [active, netWmName, utf8] = await Promise.all([
          internAtom(x, '_NET_ACTIVE_WINDOW'),
          internAtom(x, '_NET_WM_NAME'),
          internAtom(x, 'UTF8_STRING'),
        ])
        atoms = { active, netWmName, utf8 }
      } catch (error) {
        x.close()
        connection = null
        throw error
      }
      let watched = 0
      let last: ActiveWindow | null | undefined
      let busy = false
      let again = false

      const readWindow = async (): Promise<ActiveWindow | null> => {
        const activeProperty = await getProperty(x, root, atoms.active, 4)
        const window = activeProperty.value.length >= 4 ? activeProperty.value.readUInt32LE(0) : 0
        if (window !== watched) {
          if (watched !== 0) selectEvents(x, watched, 0)
          if (window !== 0) selectEvents(x, window, PROPERTY_CHANGE_MASK)
          watched = window
        }
        if (window === 0) return null
        const [wmClass, netName, wmName] = await Promise.all([
          getProperty(x, window, WM_CLASS, 512),
          getProperty(x, window, atoms.netWmName, 4096),
          getProperty(x, window, WM_NAME, 4096),
        ])
        // WM_CLASS is "instance\0class\0"; the class names the application (as get-windows does).
        const parts = wmClass.value.toString('latin1').split('\0').filter(Boolean)
        const owner = parts.at(-1) ?? ''
        const title =
          netName.format === 8 && netName.value.length > 0
            ? netName.value.toString('utf8')
            : wmName.format === 8 && wmName.value.length > 0
              ? wmName.value.toString('latin1')
              : null
        return owner === '' && title === null ? null : { owner, title }
      }

      const refresh = async () => {
        if (busy) {
          again = true
          return
        }
        busy = true
        try {
          do {
            again = false
            let next: ActiveWindow | null
            try {
              next = await readWindow()
            } catch {
              next = null // the window vanished between the event and our read
            }
            if (last === undefined || next?.owner !== last?.owner || next?.title !== last?.title) {
              last = next
              onChange(next)
            }
          } while (again)
        } finally {
          busy = false
        }
      }

      x.onEvent((event) => {
        if (((event[0] as number) & 0x7f) !== PROPERTY_NOTIFY) return
        const window = event.readUInt32LE(4)
        const atom = event.readUInt32LE(8)
        if ((window === root && atom === atoms.active) || (window === watched && (atom === atoms.netWmName || atom === WM_NAME || atom === WM_CLASS))) {
          void refresh()
        }
      })
      x.onError(() => {}) // BadWindow for a window that closed before we unsubscribed: harmless
      x.onClose((reason) => {
        connection = null
        lifecycle.failed(reason)
      })
      selectEvents(x, root, PROPERTY_CHANGE_MASK)
      // An EWMH window manager lists _NET_ACTIVE_WINDOW in _NET_SUPPORTED (the property itself
      // only appears once something was focused).
      const netSupported = await internAtom(x, '_NET_SUPPORTED')
      const supported = await getProperty(x, root, netSupported, 4096).catch(() => null)
      const atomList = supported && supported.format === 32 ? supported.value : Buffer.alloc(0)
      let published = false
      for (let i = 0; i + 4 <= atomList.length; i += 4) published ||= atomList.readUInt32LE(i) === atoms.active
      const notes = [
        waylandNote(env),
        published ? null : 'the window manager does not publish _NET_ACTIVE_WINDOW: the front app is unknown',
      ].filter((note): note is string => note !== null)
      await refresh()
      lifecycle.degraded(notes.length > 0 ? notes.join('; ') : null)
    },
    async stop() {
      connection?.close()
      connection = null
    },
  }
}
