// Time comes from an injected clock so tests can drive it and capture can guard against jumps.
import { isoSeconds } from '../../shared/heuristics/isoTime'
export interface Clock {
  /** wall-clock milliseconds since the epoch (may jump: NTP, manual changes, sleep) */
  now(): number
  /** monotonic milliseconds, never goes backwards; use for intervals */
  monotonic(): number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
}

/** A clock tests move by hand. */
export function createManualClock(startMs: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let wall = startMs
  let mono = 0
  return {
    now: () => wall,
    monotonic: () => mono,
    advance(ms) {
      wall += ms
      mono += ms
    },
    set(ms) {
      wall = ms
    },
  }
}

/** UTC at whole seconds, as the contract stores times. */
export const toIso = isoSeconds
