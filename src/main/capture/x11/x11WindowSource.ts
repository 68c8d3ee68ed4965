// The front window from PropertyNotify events on the root's _NET_ACTIVE_WINDOW and on the front
// window's title, each change dated by the event's server time.
import type { ActiveWindow, ActiveWindowSource, SourceLifecycle, WindowListener } from '../types'
import { createTimeStamper, type TimeStamper } from './timeStamper'
import { X11Connection } from './x11Connection'
import { getProperty, internAtom, PROPERTY_CHANGE_MASK, readPropertyNotify, selectEvents } from './x11Requests'
import { waylandNote, type X11SourceOptions, type X11Timing } from './x11Shared'

const WM_NAME = 39
const WM_CLASS = 67

export function createX11WindowSource(options: X11SourceOptions, timing: X11Timing): ActiveWindowSource {
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
        if (
          (window === root && atom === atoms.active) ||
          (window === watched && (atom === atoms.netWmName || atom === WM_NAME || atom === WM_CLASS))
        ) {
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
