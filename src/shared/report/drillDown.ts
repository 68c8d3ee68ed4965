// A report's drill-down: the entries behind one row or bar (a day or days, a client, a project, an
// activity, an app, a status), each with its minutes inside the filter, from the same day shares
// the totals are summed from (aggregate.ts), so a row and its entries always add up.
import type { ReportEntry, ReportEntryFilter } from '../contract/report'
import { byId, forEachPiece, type EntryPiece, type ReportInput } from './aggregate'

function matches(piece: EntryPiece, filter: ReportEntryFilter): boolean {
  const { entry } = piece
  if (filter.day !== undefined && (piece.day < filter.day || piece.day > (filter.until ?? filter.day))) return false
  if (filter.client !== undefined && (piece.client ?? '') !== filter.client) return false
  if (filter.project !== undefined && (entry.project_id ?? '') !== filter.project) return false
  if (filter.activity !== undefined && entry.activity_type !== filter.activity) return false
  if (filter.app !== undefined && (entry.app ?? 'unknown') !== filter.app) return false
  if (filter.status === 'unapproved') return entry.status !== 'approved'
  return filter.status === undefined || entry.status === filter.status
}

/** The entries behind a row or bar, each with its minutes inside the filter (oldest first, or most minutes first). */
export function reportEntries(
  input: ReportInput,
  filter: ReportEntryFilter,
  order: 'time' | 'longest' = 'time',
): ReportEntry[] {
  const out = new Map<string, ReportEntry>()
  forEachPiece(input, (piece) => {
    if (!matches(piece, filter)) return
    const { entry } = piece
    const row = out.get(entry.id)
    if (row) {
      row.minutes += piece.minutes
      row.billed_minutes += piece.billed
      return
    }
    out.set(entry.id, {
      id: entry.id,
      started_at: entry.started_at,
      ended_at: entry.ended_at,
      status: entry.status,
      activity_type: entry.activity_type,
      client: piece.client,
      project: entry.project_id,
      app: entry.app,
      notes: entry.notes,
      minutes: piece.minutes,
      billed_minutes: piece.billed,
      sync: piece.receipt?.state ?? null,
      sync_reason: piece.receipt?.reason ?? null,
    })
  })
  const byTime = (a: ReportEntry, b: ReportEntry) => byId(a.started_at, b.started_at) || byId(a.id, b.id)
  return [...out.values()].sort(order === 'longest' ? (a, b) => b.minutes - a.minutes || byTime(a, b) : byTime)
}
