// Asks the X server what time it is: a zero-length property append on a window of our own comes
// back as a PropertyNotify stamped with the server's current time. On the window source's
// connection the stamp also proves that every focus event before it has been received (one
// connection's events arrive in order), which is what lets capture credit a batch of presses.
import type { ServerClock } from './serverClock'
import type { X11Connection } from './x11Connection'
import { createPropertyWindow, internAtom, readPropertyNotify, touchProperty } from './x11Requests'

/** a stamp that gets no answer (a wedged server) does not hold capture up longer than this */
const STAMP_TIMEOUT_MS = 2_000

export interface TimeStamper {
  /** one round trip; feeds the server's time to the clock and resolves with its wall time (null: no answer) */
  stamp(): Promise<number | null>
  /** hand it every event of the connection; true when the event was a stamp */
  handleEvent(event: Buffer): boolean
  /** wall time of the newest stamp answered */
  lastStampWall(): number
}

export async function createTimeStamper(x: X11Connection, clock: ServerClock, now: () => number): Promise<TimeStamper> {
  const atom = await internAtom(x, '_BILLOPS_CAPTURE_TIME')
  const window = createPropertyWindow(x)
  const waiting: ((wall: number | null) => void)[] = []
  let lastWall = Number.NEGATIVE_INFINITY

  return {
    stamp() {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          const index = waiting.indexOf(answer)
          if (index >= 0) waiting.splice(index, 1)
          resolve(null)
        }, STAMP_TIMEOUT_MS)
        timer.unref?.()
        const answer = (wall: number | null) => {
          clearTimeout(timer)
          resolve(wall)
        }
        waiting.push(answer)
        touchProperty(x, window, atom)
      })
    },
    handleEvent(event) {
      const notify = readPropertyNotify(event)
      if (notify === null || notify.window !== window) return false
      clock.observe(notify.time, now())
      lastWall = clock.toWall(notify.time) ?? now()
      waiting.shift()?.(lastWall)
      return true
    },
    lastStampWall: () => lastWall,
  }
}
