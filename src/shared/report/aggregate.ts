// The one report aggregation, in two steps. Entries (with their sync receipts) are cut into day
// shares: one local day's minutes of entries that agree on everything a report groups by. Shares
// are then summed into totals per client and project, per day, per activity, leakage and sync
// issues. Shares of a day do not depend on the range or on the billing increments, so the store
// keeps them per day (main/store/reportDays.ts) and a year is summed from 365 cached days. Pure:
// the view (report.get), the exports and `billops report` all come here, so they cannot disagree.
import { billedMinutes, type BillingIncrement } from '../contract/entries'
import { REPORT_MINUTE_FIELDS } from '../contract/report'
import type {
  Report,
  ReportDay,
  ReportGrouping,
  ReportIssue,
  ReportMinutes,
  ReportRange,
  ReportRow,
} from '../contract/report'
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
const MAX_ISSUES = 200

export const emptyMinutes = (): ReportMinutes =>
  Object.fromEntries(REPORT_MINUTE_FIELDS.map((field) => [field, 0])) as ReportMinutes

export const MINUTE_FIELDS = REPORT_MINUTE_FIELDS

/** The increments billed minutes are kept at, so a changed (global or client) increment needs no recomputing. */
export const BILLING_INCREMENTS: readonly BillingIncrement[] = [0, 6, 15]
const incrementIndex = (increment: BillingIncrement) => BILLING_INCREMENTS.indexOf(increment)

/** One entry's share of one day inside the range. */
export interface EntryPiece {
  entry: ReportSourceEntry
  client: string | null
  day: DayKey
  minutes: number
  /** at the client's (or the global) increment */
  billed: number
  /** at each of BILLING_INCREMENTS */
  billedAt: number[]
  receipt: SyncReceipt | null
}

export function clientOf(
  entry: Pick<ReportSourceEntry, 'client_id' | 'project_id'>,
  input: Pick<ReportInput, 'projects'>,
): string | null {
  return entry.client_id ?? (entry.project_id ? (input.projects.get(entry.project_id)?.client_id ?? null) : null)
}

const NOT_QUEUED: SyncReceipt = { state: 'not_queued', reason: null }
const NOTHING_BILLED = BILLING_INCREMENTS.map(() => 0)

/**
 * Cuts every entry at local midnights. Whole minutes and billed minutes are decided per entry
 * (rounded, then by each increment) and shared out over its days, so a day, a week and a month
 * all agree, and pieces outside the range keep their share out of it. `visit` gets one reused
 * piece object (a year is 50,000 calls: no allocation per piece); it must not keep it.
 */
export function forEachPiece(input: ReportInput, visit: (piece: EntryPiece) => void): void {
  const { time_zone: zone, from, to } = input.range
  const rangeStart = dayStartMs(from, zone)
  const rangeEnd = dayStartMs(addDays(to, 1), zone)
  const piece: EntryPiece = {
    entry: input.entries[0]!,
    client: null,
    day: from,
    minutes: 0,
    billed: 0,
    billedAt: NOTHING_BILLED,
    receipt: null,
  }
  for (const entry of input.entries) {
    const start = Date.parse(entry.started_at)
    const end = Date.parse(entry.ended_at)
    if (!(end > start) || end <= rangeStart || start >= rangeEnd) continue
    const minutesLong = (end - start) / 1000 / 60
    const client = clientOf(entry, input)
    const chosen = incrementIndex((client !== null ? input.clientIncrements[client] : undefined) ?? input.increment)
    const approved = entry.status === 'approved'
    const wholeMinutes = billedMinutes(minutesLong, 0)
    const billedTotals = approved
      ? BILLING_INCREMENTS.map((increment) => billedMinutes(minutesLong, increment))
      : NOTHING_BILLED
    piece.entry = entry
    piece.client = client
    piece.receipt = approved ? (input.receipts.get(entry.id) ?? NOT_QUEUED) : null
    const first = localDayAt(start, zone)
    if (end <= first.end) {
      // most entries lie within one day: nothing to share out
      if (first.day < from || first.day > to) continue
      piece.day = first.day
      piece.minutes = wholeMinutes
      piece.billedAt = billedTotals
      piece.billed = billedTotals[chosen]!
      visit(piece)
      continue
    }
    const days = splitByDay(start, end, zone)
    const weights = days.map((d) => d.seconds)
    const minutes = apportion(wholeMinutes, weights)
    const billed = billedTotals.map((total) => apportion(total, weights))
    for (let i = 0; i < days.length; i++) {
      const day = days[i]!.day
      if (day < from || day > to) continue
      piece.day = day
      piece.minutes = minutes[i]!
      piece.billedAt = billed.map((shares) => shares[i]!)
      piece.billed = piece.billedAt[chosen]!
      visit(piece)
    }
  }
}

/**
 * One local day's minutes of the entries that agree on everything a report groups by. Nothing in
 * it depends on the range, on names or on billing increments, so a day's shares stay true until
 * one of its entries (or their sync receipts) changes.
 */
export interface DayShare {
  day: DayKey
  status: ReportSourceEntry['status']
  /** typed by hand, so not suggested */
  manual: boolean
  activity_type: string
  project_id: string | null
  /** the entries' own client; a project's client is looked up when the report is summed */
  client_id: string | null
  /** approved and confirmed by BillOps */
  synced: boolean
  /** not approved: the app the entries were mostly in ('unknown' when none); approved: null */
  app: string | null
  minutes: number
  /** approved minutes billed at each of BILLING_INCREMENTS; zeros when not approved */
  billed: number[]
}

/** The day shares of every day of `input.range` (days without entries have none). */
export function dayShares(input: ReportInput): DayShare[] {
  const shares = new Map<string, DayShare>()
  forEachPiece(input, ({ entry, day, minutes, billedAt, receipt }) => {
    const manual = entry.source === 'manual'
    const synced = receipt?.state === 'synced'
    const app = entry.status === 'approved' ? null : (entry.app ?? 'unknown')
    const key = `${day}\u0000${entry.status}\u0000${manual}\u0000${entry.activity_type}\u0000${entry.project_id ?? '\u0001'}\u0000${entry.client_id ?? '\u0001'}\u0000${synced}\u0000${app ?? '\u0001'}`
    const share = shares.get(key)
    if (share) {
      share.minutes += minutes
      for (let i = 0; i < billedAt.length; i++) share.billed[i]! += billedAt[i]!
    } else {
      shares.set(key, {
        day,
        status: entry.status,
        manual,
        activity_type: entry.activity_type,
        project_id: entry.project_id,
        client_id: entry.client_id,
        synced,
        app,
        minutes,
        billed: [...billedAt],
      })
    }
  })
  return [...shares.values()]
}

/** Approved entries with a piece in the range that BillOps refused or could not match. */
export function issuesOf(input: ReportInput): ReportIssue[] {
  const issues = new Map<string, ReportIssue>()
  forEachPiece(input, ({ entry, client, receipt }) => {
    const state = receipt?.state
    if ((state === 'failed' || state === 'conflicted') && !issues.has(entry.id)) {
      issues.set(entry.id, {
        entry_id: entry.id,
        started_at: entry.started_at,
        ended_at: entry.ended_at,
        client,
        project: entry.project_id,
        state,
        reason: receipt?.reason ?? null,
      })
    }
  })
  return [...issues.values()]
}

/** What a report is summed from: the range's day shares and sync issues, names and increments. */
export interface ReportSummaryInput extends Pick<
  ReportInput,
  'range' | 'clients' | 'projects' | 'increment' | 'clientIncrements'
> {
  shares: Iterable<DayShare>
  /** every issue of the range, in any order */
  issues: readonly ReportIssue[]
}

/** `client`: the share's resolved client; `billed`: its billed minutes at that client's increment */
function add(target: ReportMinutes, share: DayShare, client: string | null, billed: number): void {
  const { minutes } = share
  target.captured_minutes += minutes
  if (!share.manual) target.suggested_minutes += minutes
  if (share.status === 'pending') target.pending_minutes += minutes
  else if (share.status === 'rejected') target.rejected_minutes += minutes
  else {
    target.approved_minutes += minutes
    target.billed_minutes += billed
    if (share.synced) target.synced_minutes += minutes
    if (share.project_id === null && client === null) target.unassigned_minutes += minutes
  }
}

function bucket<K>(map: Map<K, ReportMinutes>, key: K): ReportMinutes {
  let minutes = map.get(key)
  if (!minutes) map.set(key, (minutes = emptyMinutes()))
  return minutes
}

const byName = (a: string | null | undefined, b: string | null | undefined) =>
  a == null ? (b == null ? 0 : 1) : b == null ? -1 : a.localeCompare(b, 'en', { sensitivity: 'base' })
/** after the names: ids, so rows with equal names keep one order however they were read */
export const byId = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0

/** The report of `input`'s entries (the reference the store's cached path is tested against). */
export function buildReport(input: ReportInput, by: ReportGrouping): Report {
  return summarizeReport({ ...input, shares: dayShares(input), issues: issuesOf(input) }, by)
}

export function summarizeReport(input: ReportSummaryInput, by: ReportGrouping): Report {
  const totals = emptyMinutes()
  const perClient = new Map<string | null, ReportMinutes>()
  const perProject = new Map<string, { client: string | null; project: string | null; minutes: ReportMinutes }>()
  const perDay = new Map<DayKey, ReportMinutes>()
  const dayClients = new Map<DayKey, Map<string | null, number>>()
  const perActivity = new Map<string, ReportMinutes>()
  const leaks = new Map<string, number>()

  for (const share of input.shares) {
    const client = clientOf(share, input)
    const increment = (client !== null ? input.clientIncrements[client] : undefined) ?? input.increment
    const billed = share.billed[incrementIndex(increment)] ?? 0
    add(totals, share, client, billed)
    add(bucket(perClient, client), share, client, billed)
    const projectKey = `${client ?? ''}\u0000${share.project_id ?? ''}`
    let project = perProject.get(projectKey)
    if (!project) perProject.set(projectKey, (project = { client, project: share.project_id, minutes: emptyMinutes() }))
    add(project.minutes, share, client, billed)
    add(bucket(perDay, share.day), share, client, billed)
    add(bucket(perActivity, share.activity_type), share, client, billed)
    if (share.status === 'approved') {
      let shares = dayClients.get(share.day)
      if (!shares) dayClients.set(share.day, (shares = new Map()))
      shares.set(client, (shares.get(client) ?? 0) + share.minutes)
    } else {
      const app = share.app ?? 'unknown'
      leaks.set(app, (leaks.get(app) ?? 0) + share.minutes)
    }
  }

  const clientName = (id: string | null) => (id === null ? null : (input.clients.get(id) ?? id))
  const projectName = (id: string | null) => (id === null ? null : (input.projects.get(id)?.name ?? id))
  const projectRows = [...perProject.values()]
    .map((p): ReportRow => ({
      client: p.client,
      client_name: clientName(p.client),
      project: p.project,
      project_name: projectName(p.project),
      ...p.minutes,
    }))
    .sort(
      (a, b) =>
        byName(a.client_name, b.client_name) ||
        byId(a.client, b.client) ||
        byName(a.project_name, b.project_name) ||
        byId(a.project, b.project),
    )
  const clientRows = [...perClient.entries()]
    .map(([client, minutes]): ReportRow => ({ client, client_name: clientName(client), ...minutes }))
    .sort((a, b) => byName(a.client_name, b.client_name) || byId(a.client, b.client))
  const dayRows = [...perDay.entries()]
    .map(([day, minutes]): ReportRow => ({ day, ...minutes }))
    .sort((a, b) => (a.day! < b.day! ? -1 : 1))
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
        .sort((a, b) => byName(clientName(a.client), clientName(b.client)) || byId(a.client, b.client)),
      unapproved_minutes: row ? row.pending_minutes + row.rejected_minutes : 0,
    }
  })

  const leakage = [...leaks.entries()]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, MAX_LEAK_APPS)
    .map(([app, minutes]) => ({ app, minutes }))

  const issues = [...input.issues].sort((a, b) => byId(a.started_at, b.started_at) || byId(a.entry_id, b.entry_id))
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
