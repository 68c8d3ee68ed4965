// Reads what a report needs for a range: the entries that overlap it, the outbox items and server
// links of its approved entries (the sync receipts), projects and clients, and the sync issues.
// What reports keep of their own (reportDays.ts) is derived from these and dropped by triggers.
import type { BillingIncrement } from '../../shared/contract/entries'
import type { ReportIssue, ReportRange } from '../../shared/contract/report'
import type { Settings } from '../../shared/domain'
import { clientOf, type ReportInput, type ReportSourceEntry } from '../../shared/report/aggregate'
import { receiptOf, type OutboxReceiptRow, type SyncReceipt } from '../../shared/report/reconcile'
import { addDays, dayStartMs } from '../../shared/report/zonedDays'
import type { ReadableDB, WritableDB } from './database'
import { prepared, preparedRaw } from './prepared'
import { listProjects } from './projects'
import { isoSeconds } from '../../shared/isoTime'

// No ORDER BY: the aggregation sorts what it shows, and a sort of 50,000 rows costs more than the read.
const ENTRIES_IN_RANGE = `SELECT id, started_at, ended_at, status, source, activity_type, project_id, client_id, notes,
  json_extract(context_data, '$.applications[0]') AS app
  FROM entries WHERE ended_at > ? AND started_at < ?`

// server_ids compared as text: only "were any returned" matters, and parsing 30,000 JSON arrays would not be free
const OUTBOX_OF_APPROVED = `SELECT o.entry_id, o.kind, o.state, o.server_ids != '[]' AS has_server_ids, o.last_error FROM outbox o
  JOIN entries e ON e.id = o.entry_id
  WHERE e.status = 'approved' AND e.ended_at > ? AND e.started_at < ? ORDER BY o.id`

// CROSS JOIN: links outer, each entry found by key (the planner otherwise scans every link for each approved entry)
const LINKED_APPROVED = `SELECT DISTINCT l.entry_id FROM server_entry_links l CROSS JOIN entries e ON e.id = l.entry_id
  WHERE e.status = 'approved' AND e.ended_at > ? AND e.started_at < ?`

type EntryColumns = [
  id: string,
  started_at: string,
  ended_at: string,
  status: ReportSourceEntry['status'],
  source: ReportSourceEntry['source'],
  activity_type: string,
  project_id: string | null,
  client_id: string | null,
  notes: string | null,
  app: string | null,
]
type OutboxColumns = [
  entry_id: string,
  kind: OutboxReceiptRow['kind'],
  state: OutboxReceiptRow['state'],
  has_server_ids: number,
  last_error: string | null,
]

// CROSS JOIN keeps outbox the outer loop (its failed and conflicted items, by the outbox_due
// index), each finding its entry by key. Left to itself the planner walked a year's approved
// entries and scanned the outbox for each: 16 s for a year with 2,500 failed items.
const ISSUES_OF_APPROVED = `SELECT e.id, e.started_at, e.ended_at, e.project_id, e.client_id, o.state, o.last_error FROM outbox o
  CROSS JOIN entries e ON e.id = o.entry_id
  WHERE o.state IN ('failed', 'conflicted') AND e.status = 'approved' AND e.ended_at > ? AND e.started_at < ?`

/** Whole-second ISO, the entries table's usual format, so string order is time order. */

/**
 * The range as bounds for the indexed text columns, a second wider on each side: a time with
 * milliseconds sorts before the same whole second ('.' < 'Z'), so the exact cut is made on parsed
 * times afterwards (forEachPiece, loadIssues).
 */
function textBounds(range: ReportRange): { from: string; to: string; startMs: number; endMs: number } {
  const startMs = dayStartMs(range.from, range.time_zone)
  const endMs = dayStartMs(addDays(range.to, 1), range.time_zone)
  return { from: isoSeconds(startMs - 1000), to: isoSeconds(endMs + 1000), startMs, endMs }
}

/** The global and per-client billing increments a report rounds by. */
export function incrementsOf(settings: Settings): Pick<ReportInput, 'increment' | 'clientIncrements'> {
  return {
    increment: settings.billing_increment_minutes as BillingIncrement,
    clientIncrements: settings.client_billing_increments as Record<string, BillingIncrement>,
  }
}

export interface ReportNames {
  clients: ReportInput['clients']
  projects: ReportInput['projects']
}

export function loadNames(db: ReadableDB): ReportNames {
  const { projects, clients } = listProjects(db)
  return {
    clients: new Map(clients.map((c) => [c.id, c.name])),
    projects: new Map(projects.map((p) => [p.id, { name: p.name, client_id: p.client_id }])),
  }
}

type IssueColumns = [
  id: string,
  started_at: string,
  ended_at: string,
  project_id: string | null,
  client_id: string | null,
  state: ReportIssue['state'],
  last_error: string | null,
]

/**
 * Approved entries of the range whose live outbox item failed or conflicted (at most one item per
 * entry is live: outbox_one_live_per_entry), as shared/report's issuesOf finds them in receipts.
 */
export function loadIssues(db: ReadableDB, range: ReportRange, names: Pick<ReportNames, 'projects'>): ReportIssue[] {
  const { from, to, startMs, endMs } = textBounds(range)
  const issues: ReportIssue[] = []
  for (const [id, started_at, ended_at, project_id, client_id, state, last_error] of preparedRaw<
    [string, string],
    IssueColumns
  >(db, ISSUES_OF_APPROVED).all(from, to)) {
    const start = Date.parse(started_at)
    const end = Date.parse(ended_at)
    if (!(end > start) || end <= startMs || start >= endMs) continue
    issues.push({
      entry_id: id,
      started_at,
      ended_at,
      client: clientOf({ client_id, project_id }, names),
      project: project_id,
      state,
      reason: last_error,
    })
  }
  return issues
}

export function loadReportInput(db: WritableDB, settings: Settings, range: ReportRange): ReportInput {
  const { from, to } = textBounds(range)
  return db.transaction((): ReportInput => {
    // Rows as arrays (preparedRaw), made into objects here: a year holds ~50,000 entries and
    // better-sqlite3's own row objects cost about twice as much.
    const entries = preparedRaw<[string, string], EntryColumns>(db, ENTRIES_IN_RANGE)
      .all(from, to)
      .map(
        ([
          id,
          started_at,
          ended_at,
          status,
          source,
          activity_type,
          project_id,
          client_id,
          notes,
          app,
        ]): ReportSourceEntry => ({
          id,
          started_at,
          ended_at,
          status,
          source,
          activity_type,
          project_id,
          client_id,
          notes,
          app,
        }),
      )
    const items = new Map<string, OutboxReceiptRow[]>()
    for (const [entry_id, kind, state, has_server_ids, last_error] of preparedRaw<[string, string], OutboxColumns>(
      db,
      OUTBOX_OF_APPROVED,
    ).all(from, to)) {
      const item: OutboxReceiptRow = { kind, state, has_server_ids: has_server_ids === 1, last_error }
      const list = items.get(entry_id)
      if (list) list.push(item)
      else items.set(entry_id, [item])
    }
    const linked = new Set(
      prepared<[string, string], { entry_id: string }>(db, LINKED_APPROVED)
        .all(from, to)
        .map((r) => r.entry_id),
    )
    const receipts = new Map<string, SyncReceipt>()
    for (const entry of entries) {
      if (entry.status === 'approved')
        receipts.set(entry.id, receiptOf(items.get(entry.id) ?? [], linked.has(entry.id)))
    }
    return {
      range,
      entries,
      receipts,
      ...loadNames(db),
      ...incrementsOf(settings),
    }
  })()
}
