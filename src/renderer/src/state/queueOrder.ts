// Where an entry goes in the queue's newest-first order: state keeps the order, views draw it.
import type { ReviewEntry } from '../../../shared/contract/entries'

/** Where a new entry goes in a newest-first order (binary search on started_at). */
export function insertionIndex(
  order: readonly string[],
  byId: Readonly<Record<string, ReviewEntry>>,
  entry: ReviewEntry,
): number {
  let lo = 0
  let hi = order.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const other = byId[order[mid]!]
    if (
      other &&
      (other.started_at > entry.started_at || (other.started_at === entry.started_at && other.id > entry.id))
    )
      lo = mid + 1
    else hi = mid
  }
  return lo
}
