// Matter coverage (#30): how much of the captured and of the approved time carries a matter, by
// local day and by app — the figure that says whether the matter list is doing its job.
import { splitByDay } from '../report/zonedDays'

export interface CoverageEntry {
  startMs: number
  endMs: number
  approved: boolean
  /** the entry's first app */
  app: string
  has_matter: boolean
}

export interface CoverageRow {
  /** the local day (YYYY-MM-DD) or the app */
  key: string
  captured_minutes: number
  captured_with_matter_minutes: number
  approved_minutes: number
  approved_with_matter_minutes: number
}

export interface MatterCoverage {
  days: CoverageRow[]
  apps: CoverageRow[]
  total: CoverageRow
}

const row = (key: string): CoverageRow => ({
  key,
  captured_minutes: 0,
  captured_with_matter_minutes: 0,
  approved_minutes: 0,
  approved_with_matter_minutes: 0,
})

function add(target: CoverageRow, minutes: number, entry: CoverageEntry) {
  target.captured_minutes += minutes
  if (entry.has_matter) target.captured_with_matter_minutes += minutes
  if (entry.approved) target.approved_minutes += minutes
  if (entry.approved && entry.has_matter) target.approved_with_matter_minutes += minutes
}

const rounded = (r: CoverageRow): CoverageRow => ({
  key: r.key,
  captured_minutes: Math.round(r.captured_minutes),
  captured_with_matter_minutes: Math.round(r.captured_with_matter_minutes),
  approved_minutes: Math.round(r.approved_minutes),
  approved_with_matter_minutes: Math.round(r.approved_with_matter_minutes),
})

/** Entries cut at local midnights (a day holds only its own minutes); apps and the total whole. */
export function matterCoverage(entries: readonly CoverageEntry[], timeZone: string): MatterCoverage {
  const days = new Map<string, CoverageRow>()
  const apps = new Map<string, CoverageRow>()
  const total = row('total')
  for (const entry of entries) {
    for (const piece of splitByDay(entry.startMs, entry.endMs, timeZone)) {
      const day = days.get(piece.day) ?? row(piece.day)
      days.set(piece.day, day)
      add(day, piece.seconds / 60, entry)
    }
    const minutes = (entry.endMs - entry.startMs) / 60_000
    const app = apps.get(entry.app) ?? row(entry.app)
    apps.set(entry.app, app)
    add(app, minutes, entry)
    add(total, minutes, entry)
  }
  return {
    days: [...days.values()].sort((a, b) => (a.key < b.key ? -1 : 1)).map(rounded),
    apps: [...apps.values()]
      .sort((a, b) => b.captured_minutes - a.captured_minutes || (a.key < b.key ? -1 : 1))
      .map(rounded),
    total: rounded(total),
  }
}
