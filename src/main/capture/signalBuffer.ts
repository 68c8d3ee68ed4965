// Raw events arrive by the hundred per second; they are coalesced here, in memory, into at most
// one signal per (second, app, type) carrying a count. Only drained buckets reach the database.
import type { SignalType } from '../../shared/domain'

export interface BufferedSignal {
  /** epoch seconds (UTC) */
  ts: number
  app: string
  type: SignalType
  count: number
  title: string | null
}

export class SignalBuffer {
  private buckets = new Map<string, BufferedSignal>()
  private droppedSignals = 0

  /** `limit`: buckets held at most (memory stays bounded while the store cannot be written). */
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {}

  add(ts: number, app: string, type: SignalType, count: number, title: string | null): void {
    const key = `${ts}\u0000${app}\u0000${type}`
    const bucket = this.buckets.get(key)
    if (bucket) {
      bucket.count += count
      if (title !== null) bucket.title = title
      return
    }
    if (this.buckets.size >= this.limit) {
      this.droppedSignals++
      return
    }
    this.buckets.set(key, { ts, app, type, count, title })
  }

  /** Signals refused since the last call because the buffer was full; resets the count. */
  takeDropped(): number {
    const dropped = this.droppedSignals
    this.droppedSignals = 0
    return dropped
  }

  get dropped(): number {
    return this.droppedSignals
  }

  get size(): number {
    return this.buckets.size
  }

  /**
   * Takes buckets out (oldest first); put them back with `restore` if writing fails. With
   * `beforeTs`, buckets of that second and later stay: the second still in progress is written
   * whole by a later flush instead of in two parts.
   */
  drain(beforeTs = Number.POSITIVE_INFINITY): BufferedSignal[] {
    if (beforeTs === Number.POSITIVE_INFINITY) {
      const drained = [...this.buckets.values()]
      this.buckets = new Map()
      return drained
    }
    const drained: BufferedSignal[] = []
    for (const [key, bucket] of this.buckets) {
      if (bucket.ts >= beforeTs) continue
      drained.push(bucket)
      this.buckets.delete(key)
    }
    return drained
  }

  /** Re-adds signals a failed flush could not write, merging with what arrived meanwhile. */
  restore(signals: readonly BufferedSignal[]): void {
    for (const s of signals) {
      const bucket = this.buckets.get(`${s.ts}\u0000${s.app}\u0000${s.type}`)
      // What arrived after the failed flush is newer: its title wins.
      this.add(s.ts, s.app, s.type, s.count, bucket?.title ?? s.title)
    }
  }
}
