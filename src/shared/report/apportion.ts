// Whole minutes shared out over the pieces of one entry (the days it crosses) so the pieces add
// up to the entry's own rounded figure: a report's lines then always sum to its total.

/**
 * Splits `total` in proportion to `weights` by rounding the running sum, so the shares are whole,
 * never negative, and add up to `total` exactly (the last piece takes what is left).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (sum <= 0) return weights.map((_, i) => (i === weights.length - 1 ? total : 0))
  let running = 0
  let given = 0
  return weights.map((weight, i) => {
    running += weight
    const upTo = i === weights.length - 1 ? total : Math.min(total, Math.round((total * running) / sum))
    const share = upTo - given
    given = upTo
    return share
  })
}
