// Flattens the queue (newest first) into the rows the virtual list draws: a heading per local
// day followed by that day's entries. Pure, so it is cheap to test and to recompute.
import type { ReviewEntry } from '../../../shared/contract/entries'
import { localDayKey } from '../format'

export type QueueRow =
  | { kind: 'day'; key: string; day: string; pending: number; minutes: number; billed: number; ids: string[] }
  | { kind: 'entry'; key: string; id: string; day: string }

export function buildRows(order: readonly string[], byId: Readonly<Record<string, ReviewEntry>>): QueueRow[] {
  const rows: QueueRow[] = []
  let heading: Extract<QueueRow, { kind: 'day' }> | null = null
  for (const id of order) {
    const entry = byId[id]
    if (!entry) continue
    const day = localDayKey(entry.started_at)
    if (!heading || heading.day !== day) {
      heading = { kind: 'day', key: `day:${day}`, day, pending: 0, minutes: 0, billed: 0, ids: [] }
      rows.push(heading)
    }
    heading.ids.push(id)
    if (entry.status === 'pending') {
      heading.pending += 1
      heading.minutes += entry.duration_minutes
      heading.billed += entry.billed_minutes
    }
    rows.push({ kind: 'entry', key: id, id, day })
  }
  return rows
}
