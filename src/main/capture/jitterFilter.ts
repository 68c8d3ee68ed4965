// Tiny pointer jitter (a desk bump, an optical sensor on glass) must not count as activity. The
// filter keeps one anchor position in memory; a move counts only once the pointer has left a
// small radius around it. Positions are never stored, logged or returned.
export const DEFAULT_JITTER_PX = 4

export interface JitterFilter {
  /** true when the pointer really moved since the last counted move */
  moved(x: number, y: number): boolean
  reset(): void
}

export function createJitterFilter(radiusPx: number = DEFAULT_JITTER_PX): JitterFilter {
  let anchorX = Number.NaN
  let anchorY = Number.NaN
  return {
    moved(x, y) {
      if (Number.isNaN(anchorX)) {
        anchorX = x
        anchorY = y
        return false
      }
      if (Math.abs(x - anchorX) <= radiusPx && Math.abs(y - anchorY) <= radiusPx) return false
      anchorX = x
      anchorY = y
      return true
    },
    reset() {
      anchorX = Number.NaN
      anchorY = Number.NaN
    },
  }
}
