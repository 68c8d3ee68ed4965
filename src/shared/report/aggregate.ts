// The one report aggregation: entries (with their sync receipts) → totals per client and project,
// per day, per activity, leakage and sync issues. Pure: the view (reports.get), the exports and
// `billops report` all call it, so they cannot disagree.
import { billedMinutes, type BillingIncrement } from '../contract/entries'
import type {
  LeakageItem,
  Report,
  ReportDay,
  ReportEntry,
  ReportEntryFilter,
  ReportGrouping,
  ReportIssue,
  ReportMinutes,
  ReportRange,
  ReportRow,
} from '../contract/reports'
import { apportion } from './apportion'
import type { SyncReceipt } from './reconcile'
import { addDays, daysBetween, dayStartMs, localDayAt, splitByDay, type DayKey } from './zonedDays'

export interface ReportSourceEntry {
  id: string
  started_at: string
  ended_at: string
  status: 'pending' | 'approved' | 'rejected'
  source: 'auto' | 'manual' | 'server'
  activity_type: string
  project_id: string | null
  client_id: string | null
  notes: string | null
  /** the app the entry was mostly in (context_data.applications[0]) */
  app: string | null
}

export interface ReportInput {
  range: ReportRange
  entries: readonly ReportSourceEntry[]
  /** by entry id; approved entries without one count as never queued */
  receipts: ReadonlyMap<string, SyncReceipt>
  clients: ReadonlyMap<string, string>
  projects: ReadonlyMap<string, { name: string; client_id: string | null }>
  increment: BillingIncrement
  /** per-client increments that override `increment` */
  clientIncrements: Readonly<Record<string, BillingIncrement>>
}

const MAX_LEAK_APPS = 10
const MAX_LEAK_SPANS = 20
const MAX_ISSUES = 200

export const emptyMinutes = (): ReportMinutes => ({
  captured_minutes: 0,
  suggested_minutes: 0,
  approved_minutes: 0,
  billed_minutes: 0,
  synced_minutes: 0,
  pending_minutes: 0,
  rejected_minutes: 0,
  unassigned_minutes: 0,
})

export const MINUTE_FIELDS = Object.keys(emptyMinutes()) as (keyof ReportMinutes)[]

/** One entry's share of one day inside the range. */
export interface EntryPiece {
  entry: ReportSourceEntry
  client: string | null
  day: DayKey
  minutes: number
  billed: number
  receipt: SyncReceipt | null
}

export function clientOf(entry: Pick<ReportSourceEntry, 'client_id' | 'project_id'>, input: Pick<ReportInput, 'projects'>): string | null {
  return entry.client_id ?? (entry.project_id ? (input.projects.get(entry.project_id)?.client_id ?? null) : null)
}

const NOT_QUEUED: SyncReceipt = { state: 'not_queued', reason: null }

/**
 * Cuts every entry at local midnights. Whole minutes and billed minutes are decided per entry
 * (rounded, then by the client's increment) and shared out over its days, so a day, a week and a
 * month all agree, and pieces outside the range keep their share out of it. `visit` gets one
 * reused piece object (a year is 50,000 calls: no allocation per piece); it must not keep it.
 */
export function forEachPiece(input: ReportInput, visit: (piece: EntryPiece) => void): void {
  const { time_zone: zone, from, to } = input.range
  const rangeStart = dayStartMs(from, zone)
  const rangeEnd = dayStartMs(addDays(to, 1), zone)
  const piece: EntryPiece = { entry: input.entries[0]!, client: null, day: from, minutes: 0, billed: 0, receipt: null }
  for (const entry of input.entries) {
    const start = Date.parse(entry.started_at)
    const end = Date.parse(entry.ended_at)
    if (!(end > start) || end <= rangeStart || start >= rangeEnd) continue
    const seconds = (end - start) / 1000
    const client = clientOf(entry, input)
    const increment = (client !== null ? input.clientIncrements[client] : undefined) ?? input.increment
    const wholeMinutes = billedMinutes(seconds / 60, 0)
    const billedTotal = entry.status === 'approved' ? billedMinutes(seconds / 60, increment) : 0
    piece.entry = entry
    piece.client = client
    piece.receipt = entry.status === 'approved' ? (input.receipts.get(entry.id) ?? NOT_QUEUED) : null
    const first = localDayAt(start, zone)
    if (end <= first.end) {
      // most entries lie within one day: nothing to share out
      if (first.day < from || first.day > to) continue
      piece.day = first.day
      piece.minutes = wholeMinutes
      piece.billed = billedTotal
      visit(piece)
      continue
    }
    const days = splitByDay(start, end, zone)
    const weights = days.map((d) => d.seconds)
    const minutes = apportion(wholeMinutes, weights)
    const billed = apportion(billedTotal, weights)
    for (let i = 0; i < days.length; i++) {
      const day = days[i]!.day
      if (day < from || day > to) continue
      piece.day = day
      piece.minutes = minutes[i]!
      piece.billed = billed[i]!
      visit(piece)
    }
  }
}

function add(target: ReportMinutes, piece: EntryPiece): void {
  const { entry, minutes } = piece
  target.captured_minutes += minutes
  if (entry.source !== 'manual') target.suggested_minutes += minutes
  if (entry.status === 'pending') target.pending_minutes += minutes
  else if (entry.status === 'rejected') target.rejected_minutes += minutes
  else {
    target.approved_minutes += minutes
    target.billed_minutes += piece.billed
    if (piece.receipt?.state === 'synced') target.synced_minutes += minutes
    if (entry.project_id === null && piece.client === null) target.unassigned_minutes += minutes
  }
}

function bucket<K>(map: Map<K, ReportMinutes>, key: K): ReportMinutes {
  let minutes = map.get(key)
  if (!minutes) map.set(key, (minutes = emptyMinutes()))
  return minutes
}

const byName = (a: string | null | undefined, b: string | null | undefined) =>
  a == null ? (b == null ? 0 : 1) : b == null ? -1 : a.localeCompare(b, 'en', { sensitivity: 'base' })

export function buildReport(input: ReportInput, by: ReportGrouping): Report {
  const totals = emptyMinutes()
  const perClient = new Map<string | null, ReportMinutes>()
  const perProject = new Map<string, { client: string | null; project: string | null; minutes: ReportMinutes }>()
  const perDay = new Map<DayKey, ReportMinutes>()
  const dayClients = new Map<DayKey, Map<string | null, number>>()
  const perActivity = new Map<string, ReportMinutes>()
  const leaks = new Map<string, { minutes: number; spans: Map<string, { entry: ReportSourceEntry; minutes: number }> }>()
  const issues: ReportIssue[] = []
  const issueIds = new Set<string>()

  forEachPiece(input, (piece) => {
    const { entry, client, day } = piece
    add(totals, piece)
    add(bucket(perClient, client), piece)
    const projectKey = `${client ?? ''}\u0000${entry.project_id ?? ''}`
    let project = perProject.get(projectKey)
    if (!project) perProject.set(projectKey, (project = { client, project: entry.project_id, minutes: emptyMinutes() }))
    add(project.minutes, piece)
    add(bucket(perDay, day), piece)
    add(bucket(perActivity, entry.activity_type), piece)
    if (entry.status === 'approved') {
      let shares = dayClients.get(day)
      if (!shares) dayClients.set(day, (shares = new Map()))
      shares.set(client, (shares.get(client) ?? 0) + piece.minutes)
      const state = piece.receipt?.state
      if ((state === 'failed' || state === 'conflicted') && !issueIds.has(entry.id)) {
        issueIds.add(entry.id)
        issues.push({ entry_id: entry.id, started_at: entry.started_at, ended_at: entry.ended_at, client, project: entry.project_id, state, reason: piece.receipt?.reason ?? null })
      }
    } else {
      const app = entry.app ?? 'unknown'
      let leak = leaks.get(app)
      if (!leak) leaks.set(app, (leak = { minutes: 0, spans: new Map() }))
      leak.minutes += piece.minutes
      const span = leak.spans.get(entry.id)
      if (span) span.minutes += piece.minutes
      else leak.spans.set(entry.id, { entry, minutes: piece.minutes })
    }
  })

  const clientName = (id: string | null) => (id === null ? null : (input.clients.get(id) ?? id))
  const projectName = (id: string | null) => (id === null ? null : (input.projects.get(id)?.name ?? id))
  const projectRows = [...perProject.values()]
    .map((p): ReportRow => ({ client: p.client, client_name: clientName(p.client), project: p.project, project_name: projectName(p.project), ...p.minutes }))
    .sort((a, b) => byName(a.client_name, b.client_name) || byName(a.project_name, b.project_name))
  const clientRows = [...perClient.entries()]
    .map(([client, minutes]): ReportRow => ({ client, client_name: clientName(client), ...minutes }))
    .sort((a, b) => byName(a.client_name, b.client_name))
  const dayRows = [...perDay.entries()].map(([day, minutes]): ReportRow => ({ day, ...minutes })).sort((a, b) => (a.day! < b.day! ? -1 : 1))
  const activityRows = [...perActivity.entries()]
    .map(([activity, minutes]): ReportRow => ({ activity, ...minutes }))
    .sort((a, b) => b.captured_minutes - a.captured_minutes || a.activity!.localeCompare(b.activity!))

  // every day of the range, so a chart's axis shows the empty days too
  const days: ReportDay[] = daysBetween(input.range.from, input.range.to).map((day) => {
    const row = perDay.get(day)
    return {
      day,
      approved_by_client: [...(dayClients.get(day) ?? new Map<string | null, number>()).entries()]
        .map(([client, minutes]) => ({ client, minutes }))
        .sort((a, b) => byName(clientName(a.client), clientName(b.client))),
      unapproved_minutes: row ? row.pending_minutes + row.rejected_minutes : 0,
    }
  })

  const leakage: LeakageItem[] = [...leaks.entries()]
    .sort(([a, x], [b, y]) => y.minutes - x.minutes || a.localeCompare(b))
    .slice(0, MAX_LEAK_APPS)
    .map(([app, leak]) => ({
      app,
      minutes: leak.minutes,
      spans: [...leak.spans.values()]
        .sort((a, b) => b.minutes - a.minutes || a.entry.started_at.localeCompare(b.entry.started_at))
        .slice(0, MAX_LEAK_SPANS)
        .map(({ entry }) => ({ entry_id: entry.id, started_at: entry.started_at, ended_at: entry.ended_at, status: entry.status as 'pending' | 'rejected' })),
    }))

  issues.sort((a, b) => a.started_at.localeCompare(b.started_at))
  const rows = by === 'client' ? clientRows : by === 'project' ? projectRows : by === 'day' ? dayRows : activityRows
  return {
    ...input.range,
    by,
    billing_increment_minutes: input.increment,
    totals,
    rows,
    clients: clientRows.map((row) => ({ ...row, projects: projectRows.filter((p) => p.client === row.client) })),
    days,
    activities: activityRows,
    leakage,
    leakage_minutes: totals.pending_minutes + totals.rejected_minutes,
    issues: issues.slice(0, MAX_ISSUES),
    issues_total: issues.length,
  }
}

function matches(piece: EntryPiece, filter: ReportEntryFilter): boolean {
  const { entry } = piece
  if (filter.day !== undefined && piece.day !== filter.day) return false
  if (filter.client !== undefined && (piece.client ?? '') !== filter.client) return false
  if (filter.project !== undefined && (entry.project_id ?? '') !== filter.project) return false
  if (filter.activity !== undefined && entry.activity_type !== filter.activity) return false
  if (filter.app !== undefined && (entry.app ?? 'unknown') !== filter.app) return false
  if (filter.status === 'unapproved') return entry.status !== 'approved'
  return filter.status === undefined || entry.status === filter.status
}

/** The entries behind a row or bar, each with its minutes inside the filter (oldest first). */
export function reportEntries(input: ReportInput, filter: ReportEntryFilter): ReportEntry[] {
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
  return [...out.values()].sort((a, b) => a.started_at.localeCompare(b.started_at) || a.id.localeCompare(b.id))
}
