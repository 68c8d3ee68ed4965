// Reads what a report needs for a range: the entries that overlap it, the outbox items and server
// links of its approved entries (the sync receipts), projects and clients. Read only: reports
// store nothing of their own, so they cannot drift from the queue or from sync.
import type { BillingIncrement } from '../../shared/contract/entries'
import type { ReportRange } from '../../shared/contract/reports'
import type { Settings } from '../../shared/domain'
import type { ReportInput, ReportSourceEntry } from '../../shared/report/aggregate'
import { receiptOf, type OutboxReceiptRow, type SyncReceipt } from '../../shared/report/reconcile'
import { addDays, dayStartMs } from '../../shared/report/zonedDays'
import type { Database } from '../store/database'
import { prepared, preparedRaw } from '../store/prepared'
import { createProjectRepository } from '../store/projects'

// No ORDER BY: the aggregation sorts what it shows, and a sort of 50,000 rows costs more than the read.
const ENTRIES_IN_RANGE = `SELECT id, started_at, ended_at, status, source, activity_type, project_id, client_id, notes,
  json_extract(context_data, '$.applications[0]') AS app
  FROM entries WHERE ended_at > ? AND started_at < ?`

// server_ids compared as text: only "were any returned" matters, and parsing 30,000 JSON arrays would not be free
const OUTBOX_OF_APPROVED = `SELECT o.entry_id, o.kind, o.state, o.server_ids != '[]' AS has_server_ids, o.last_error FROM outbox o
  JOIN entries e ON e.id = o.entry_id
  WHERE e.status = 'approved' AND e.ended_at > ? AND e.started_at < ? ORDER BY o.id`

const LINKED_APPROVED = `SELECT DISTINCT l.entry_id FROM server_entry_links l JOIN entries e ON e.id = l.entry_id
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
type OutboxColumns = [entry_id: string, kind: OutboxReceiptRow['kind'], state: OutboxReceiptRow['state'], has_server_ids: number, last_error: string | null]

/** Whole-second ISO, the entries table's format, so string order is time order. */
const isoAt = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

export function loadReportInput(db: Database, settings: Settings, range: ReportRange): ReportInput {
  const from = isoAt(dayStartMs(range.from, range.time_zone))
  const to = isoAt(dayStartMs(addDays(range.to, 1), range.time_zone))
  return db.transaction((): ReportInput => {
    // Rows as arrays (preparedRaw), made into objects here: a year holds ~50,000 entries and
    // better-sqlite3's own row objects cost about twice as much.
    const entries = preparedRaw<[string, string], EntryColumns>(db, ENTRIES_IN_RANGE)
      .all(from, to)
      .map(([id, started_at, ended_at, status, source, activity_type, project_id, client_id, notes, app]): ReportSourceEntry => ({
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
      }))
    const items = new Map<string, OutboxReceiptRow[]>()
    for (const [entry_id, kind, state, has_server_ids, last_error] of preparedRaw<[string, string], OutboxColumns>(db, OUTBOX_OF_APPROVED).all(from, to)) {
      const item: OutboxReceiptRow = { kind, state, has_server_ids: has_server_ids === 1, last_error }
      const list = items.get(entry_id)
      if (list) list.push(item)
      else items.set(entry_id, [item])
    }
    const linked = new Set(prepared<[string, string], { entry_id: string }>(db, LINKED_APPROVED).all(from, to).map((r) => r.entry_id))
    const receipts = new Map<string, SyncReceipt>()
    for (const entry of entries) {
      if (entry.status === 'approved') receipts.set(entry.id, receiptOf(items.get(entry.id) ?? [], linked.has(entry.id)))
    }
    const { projects, clients } = createProjectRepository(db).list()
    return {
      range,
      entries,
      receipts,
      clients: new Map(clients.map((c) => [c.id, c.name])),
      projects: new Map(projects.map((p) => [p.id, { name: p.name, client_id: p.client_id }])),
      increment: settings.billing_increment_minutes as BillingIncrement,
      clientIncrements: settings.client_billing_increments as Record<string, BillingIncrement>,
    }
  })()
}
