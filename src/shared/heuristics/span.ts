// Aggregated evidence of a stretch of activity (a block, segment or entry): mergeable, so
// larger units are built by absorbing smaller ones without revisiting signals.
export const TITLE_KEY_FACTOR = 2 ** 32

const addTo = (target: Map<number, number>, source: Map<number, number>) => {
  for (const [key, value] of source) target.set(key, (target.get(key) ?? 0) + value)
}

export class Span {
  start: number
  end: number
  /** time with input no further apart than the idle threshold */
  activeMs = 0
  /** idle gaps (each ≤ max merge) that lie inside because neighbours merged */
  idleMergedMs = 0
  longestMergedGapMs = 0
  signals = 0
  /** the run this span starts followed a lock/suspend/shutdown signal: never merged across */
  precededByBreak = false
  readonly appMs = new Map<number, number>()
  /** by app * TITLE_KEY_FACTOR + title */
  readonly titleMs = new Map<number, number>()
  /** by classification key */
  readonly keyMs = new Map<number, number>()

  constructor(start: number) {
    this.start = start
    this.end = start
  }

  absorb(other: Span): void {
    this.end = other.end
    this.activeMs += other.activeMs
    this.idleMergedMs += other.idleMergedMs
    this.longestMergedGapMs = Math.max(this.longestMergedGapMs, other.longestMergedGapMs)
    this.signals += other.signals
    addTo(this.appMs, other.appMs)
    addTo(this.titleMs, other.titleMs)
    addTo(this.keyMs, other.keyMs)
  }

  clone(): Span {
    const copy = new Span(this.start)
    copy.precededByBreak = this.precededByBreak
    copy.absorb(this)
    copy.end = this.end
    return copy
  }
}
