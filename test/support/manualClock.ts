// A clock tests (and benchmarks) move by hand; the app always runs on systemClock.
import type { Clock } from '../../src/main/base/clock'

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
