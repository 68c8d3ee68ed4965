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
