// X11 events carry the server's time: milliseconds in 32 bits (wrapping every ~49.7 days), from
// the server's own monotonic clock. Capture credits each press to the window in front at that
// time and stores it in the wall-clock second it happened in, so it needs one mapping from server
// time to wall time, shared by every connection to the display: presses and focus changes mapped
// through the same offset keep their order exactly.
//
// Each sample is an event's server time and the wall time we received it at. Delivery only ever
// adds delay, so the smallest recent difference (wall − server) is the best offset; a difference
// far above it means the wall clock (or the server's clock, e.g. across a suspend) jumped
// forward, and one below it that it jumped back: both re-anchor at once.

/** A sample this much above the offset is a jump, not delivery delay (event-loop stalls are shorter). */
export const SERVER_CLOCK_JUMP_MS = 1_000
/** samples the minimum is taken over: about a minute of one-second batches */
const WINDOW = 64

export interface ServerClock {
  /** `serverMs` (32-bit server time) was received at wall time `wallMs` */
  observe(serverMs: number, wallMs: number): void
  /** wall-clock ms of a 32-bit server time; null until the first sample */
  toWall(serverMs: number): number | null
}

export function createServerClock(jumpMs = SERVER_CLOCK_JUMP_MS): ServerClock {
  // Server time unwrapped to a plain number: the newest value seen, raw and extended.
  let newestRaw: number | null = null
  let newestExtended = 0
  const samples: number[] = []
  let offset = 0

  // The signed 32-bit distance from the newest time seen: correct across a wrap, and for events
  // a little older than the newest sample (a batch read after the sync that anchored it).
  const unwrap = (raw: number): number => {
    const value = raw >>> 0
    if (newestRaw === null) {
      newestRaw = value
      newestExtended = value
      return value
    }
    const delta = (value - newestRaw) | 0
    const extended = newestExtended + delta
    if (delta > 0) {
      newestRaw = value
      newestExtended = extended
    }
    return extended
  }

  return {
    observe(serverMs, wallMs) {
      const sample = wallMs - unwrap(serverMs)
      if (samples.length > 0 && sample > offset + jumpMs) samples.length = 0
      samples.push(sample)
      if (samples.length > WINDOW) samples.shift()
      offset = Math.min(...samples)
    },
    toWall(serverMs) {
      if (samples.length === 0) return null
      return unwrap(serverMs) + offset
    },
  }
}
