// Time comes from an injected clock so tests can drive it and capture can guard against jumps.
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

export const toIso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
