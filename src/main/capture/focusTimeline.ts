// Which window was in front when: input is credited by the time it happened, not by when a
// source delivered it (X11 reads presses in one-second batches; a polled window source reports a
// switch after it happened). A short history is enough: input arrives at most a few seconds late.

/** history kept behind the newest change */
export const FOCUS_HISTORY_MS = 60_000
const MAX_ENTRIES = 512

export interface FocusTimeline<T> {
  /**
   * The front window changed to `value` at `atMs`. Changes come in time order; one dated before
   * the newest entry (a source's clock a little behind the other's) counts from that entry on.
   */
  set(atMs: number, value: T): void
  /** what was in front at `atMs` (the oldest known entry for times before the history) */
  at(atMs: number): T
  latest(): T
}

export function createFocusTimeline<T>(initial: T): FocusTimeline<T> {
  const times: number[] = [Number.NEGATIVE_INFINITY]
  const values: T[] = [initial]

  // index of the last entry at or before atMs (entries are in time order; the first is -∞)
  const indexAt = (atMs: number) => {
    let low = 0
    let high = times.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if ((times[mid] as number) <= atMs) low = mid
      else high = mid - 1
    }
    return low
  }

  return {
    set(atMs, value) {
      const newest = Math.max(atMs, times[times.length - 1] as number)
      times.push(newest)
      values.push(value)
      let drop = 0
      while (
        times.length - drop > 1 &&
        (times.length - drop > MAX_ENTRIES || (times[drop + 1] as number) < newest - FOCUS_HISTORY_MS)
      )
        drop += 1
      if (drop > 0) {
        times.splice(0, drop)
        values.splice(0, drop)
        times[0] = Number.NEGATIVE_INFINITY
      }
    },
    at: (atMs) => values[indexAt(atMs)] as T,
    latest: () => values[values.length - 1] as T,
  }
}
