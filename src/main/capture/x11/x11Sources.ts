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
import { createJitterFilter } from '../jitterFilter'
import type { ActiveWindow, ActiveWindowSource, CaptureSources, InputKind, InputListener, InputSource, SourceLifecycle, WindowListener } from '../types'
import { createServerClock, type ServerClock } from './serverClock'
import { createTimeStamper, type TimeStamper } from './timeStamper'
import {
  getProperty,
  internAtom,
  PROPERTY_CHANGE_MASK,
  queryExtension,
  queryPointer,
  readPropertyNotify,
  selectEvents,
  X11Connection,
  X11Error,
} from './x11Connection'

const KEY_PRESS = 2
const BUTTON_PRESS = 4
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
  /** wall clock (tests) */
  now?: () => number
}

/** What the two sources of one display share: the server-time mapping and the focus connection's stamper. */
interface X11Timing {
  clock: ServerClock
  now: () => number
  /** the window source's stamper while it runs: stamping there proves its focus events are in */
  focusStamper: TimeStamper | null
}

/** Input and active-window sources for one display, sharing one server clock. */
export function createX11Sources(options: X11SourceOptions = {}): Required<Pick<CaptureSources, 'input' | 'window'>> {
  const timing: X11Timing = { clock: createServerClock(), now: options.now ?? Date.now, focusStamper: null }
  return { input: createX11InputSource(options, timing), window: createX11WindowSource(options, timing) }
}

function waylandNote(env: NodeJS.ProcessEnv): string | null {
  return env.XDG_SESSION_TYPE === 'wayland' || env.WAYLAND_DISPLAY
    ? 'Wayland session: only XWayland apps are seen; native Wayland windows and input are invisible'
    : null
}

function createX11InputSource(options: X11SourceOptions, timing: X11Timing): InputSource {
  const env = options.env ?? process.env
  let control: X11Connection | null = null
  let data: X11Connection | null = null
  let ownStamper: TimeStamper | null = null
  let context = 0
  let extension = 0
  let motionTimer: ReturnType<typeof setInterval> | null = null

  // Presses read after a stamp are all there is up to it (the server flushes every client's
  // output together); the focus connection's stamper is preferred, see X11Timing.
  const readBatch = async () => {
    const stream = data
    if (!stream) return
    await (timing.focusStamper ?? ownStamper)?.stamp()
    await stream.readPending()
  }

  const cleanup = () => {
    if (motionTimer) clearInterval(motionTimer)
    motionTimer = null
    data?.close()
    control?.close()
    data = control = null
  }

  return {
    name: 'x11-record',
    async start(onInput: InputListener, lifecycle: SourceLifecycle) {
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
        const stamper = await createTimeStamper(control, timing.clock, timing.now)
        control.onEvent((event) => void stamper.handleEvent(event))
        ownStamper = stamper
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
          for (let i = 32; i + 32 <= reply.length; i += 32) {
            const type = (reply[i] as number) & 0x7f
            let kind: InputKind
            if (type === KEY_PRESS) kind = 'keyboard'
            else if (type === BUTTON_PRESS) {
              const button = reply[i + 1] as number
              kind = button >= 4 && button <= 7 ? 'mouse_scroll' : 'mouse_click'
            } else continue
            // bytes 4–7 of a device event: the server time it happened at
            onInput(kind, 1, timing.clock.toWall(reply.readUInt32LE(i + 4)) ?? timing.now())
          }
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
      let reading = false
      motionTimer = setInterval(() => {
        if (!reading) {
          reading = true
          void readBatch().finally(() => (reading = false))
        }
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
    drain: readBatch,
    async stop() {
      await readBatch()
      if (control && context) {
        const body = Buffer.alloc(4)
        body.writeUInt32LE(context, 0)
        control.request(extension, 6, body, false) // DisableContext
        control.request(extension, 7, body, false) // FreeContext
      }
      cleanup()
      ownStamper = null
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

function createX11WindowSource(options: X11SourceOptions, timing: X11Timing): ActiveWindowSource {
  const env = options.env ?? process.env
  let connection: X11Connection | null = null
  // server time of the oldest focus event not yet reported (null: all reported)
  let unreportedSince: number | null = null
  let stamper: TimeStamper | null = null

  return {
    name: 'x11-active-window',
    async start(onChange: WindowListener, lifecycle: SourceLifecycle) {
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
        stamper = await createTimeStamper(x, timing.clock, timing.now)
      } catch (error) {
        x.close()
        connection = null
        throw error
      }
      let watched = 0
      let last: ActiveWindow | null | undefined
      let busy = false
      let again = false
      // server time of the newest focus event seen (null: none yet, the start-up read)
      let latestEvent: number | null = null

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
            const eventTime = latestEvent
            let next: ActiveWindow | null
            try {
              next = await readWindow()
            } catch {
              next = null // the window vanished between the event and our read
            }
            if (last === undefined || next?.owner !== last?.owner || next?.title !== last?.title) {
              last = next
              onChange(next, eventTime === null ? undefined : (timing.clock.toWall(eventTime) ?? undefined))
            }
          } while (again)
        } finally {
          busy = false
          unreportedSince = null
        }
      }

      const ownStamper = stamper as TimeStamper
      x.onEvent((event) => {
        if (ownStamper.handleEvent(event)) return
        const notify = readPropertyNotify(event)
        if (notify === null) return
        const { window, atom, time } = notify
        if ((window === root && atom === atoms.active) || (window === watched && (atom === atoms.netWmName || atom === WM_NAME || atom === WM_CLASS))) {
          timing.clock.observe(time, timing.now())
          unreportedSince ??= time
          latestEvent = time
          void refresh()
        }
      })
      x.onError(() => {}) // BadWindow for a window that closed before we unsubscribed: harmless
      x.onClose((reason) => {
        connection = null
        if (timing.focusStamper === ownStamper) timing.focusStamper = null
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
      timing.focusStamper = ownStamper
      lifecycle.degraded(notes.length > 0 ? notes.join('; ') : null)
    },
    settledUntil() {
      // Reported up to the newest stamp, or to just before a focus event still being read.
      if (unreportedSince !== null) return (timing.clock.toWall(unreportedSince) ?? timing.now()) - 1
      return stamper?.lastStampWall() ?? Number.NEGATIVE_INFINITY
    },
    async stop() {
      if (timing.focusStamper === stamper) timing.focusStamper = null
      connection?.close()
      connection = null
      unreportedSince = null
    },
  }
}
