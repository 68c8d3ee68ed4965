// Reports (issue #15): where the hours went over a period, reconciled with what was approved and
// what BillOps confirmed. One pure aggregation (src/shared/report) answers the view, the exports
// and `billops report`; these schemas are its shape on every transport.
import { z } from 'zod'
import { IsoUtc } from '../domain'
import { defineMethods } from './define'

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD')
/** A year view plus slack; longer ranges are several reports. */
export const MAX_REPORT_DAYS = 400

export const ReportGrouping = z.enum(['client', 'project', 'day', 'activity'])
export type ReportGrouping = z.infer<typeof ReportGrouping>

export const ReportRange = z.object({
  /** first day, in `time_zone` */
  from: Day,
  /** last day, included */
  to: Day,
  /** IANA zone the days are cut in (the renderer's own zone) */
  time_zone: z.string().min(1).max(64),
})
export type ReportRange = z.infer<typeof ReportRange>

export const ReportRequest = ReportRange.extend({ by: ReportGrouping.default('project') })
export type ReportRequest = z.infer<typeof ReportRequest>

/** Whole minutes; every total is the sum of its lines (billed: of the rounded lines). */
/**
 * The report's minute columns, declared once (#24): the schema below, the Reports view's totals
 * table, CSV, HTML, JSON and the CLI all follow this list, in this order. `inTable: false`: the
 * view shows that column as a callout instead (unassigned time cannot be billed).
 */
export const REPORT_MINUTE_COLUMNS = [
  {
    field: 'captured_minutes',
    label: 'Captured',
    meaning: 'every entry the tracker holds for the time: suggested, typed, any status',
    inTable: true,
  },
  {
    field: 'suggested_minutes',
    label: 'Suggested',
    meaning: 'entries the heuristics or BillOps suggested (not typed by hand)',
    inTable: true,
  },
  { field: 'approved_minutes', label: 'Approved', meaning: 'approved entries', inTable: true },
  {
    field: 'billed_minutes',
    label: 'Billed',
    meaning: "approved time rounded up per entry by its client's (or the global) billing increment",
    inTable: true,
  },
  {
    field: 'synced_minutes',
    label: 'Synced',
    meaning: 'approved time whose server entry and span BillOps confirmed',
    inTable: true,
  },
  { field: 'pending_minutes', label: 'Pending', meaning: 'entries still to review', inTable: true },
  { field: 'rejected_minutes', label: 'Rejected', meaning: 'rejected entries', inTable: true },
  {
    field: 'unassigned_minutes',
    label: 'Unassigned',
    meaning: 'approved time with neither project nor client: it cannot be billed',
    inTable: false,
  },
] as const

export type ReportMinuteField = (typeof REPORT_MINUTE_COLUMNS)[number]['field']
export const REPORT_MINUTE_FIELDS: readonly ReportMinuteField[] = REPORT_MINUTE_COLUMNS.map((column) => column.field)

const wholeMinutes = z.number().int().min(0)
export const ReportMinutes = z.object(
  Object.fromEntries(REPORT_MINUTE_FIELDS.map((field) => [field, wholeMinutes])) as Record<
    ReportMinuteField,
    typeof wholeMinutes
  >,
)
export type ReportMinutes = z.infer<typeof ReportMinutes>

export const ReportRow = ReportMinutes.extend({
  client: z.string().nullable().optional(),
  client_name: z.string().nullable().optional(),
  project: z.string().nullable().optional(),
  project_name: z.string().nullable().optional(),
  day: Day.optional(),
  activity: z.string().optional(),
})
export type ReportRow = z.infer<typeof ReportRow>

export const ClientShare = z.object({ client: z.string().nullable(), minutes: z.number().int().min(0) })
export const ReportDay = z.object({
  day: Day,
  /** approved minutes per client (null: no client) */
  approved_by_client: z.array(ClientShare),
  /** captured but not approved (pending + rejected) */
  unapproved_minutes: z.number().int().min(0),
})
export type ReportDay = z.infer<typeof ReportDay>

/** The entries behind an app are listed on demand: `report.entries` with `{ app, status: 'unapproved' }`, longest first. */
export const LeakageItem = z.object({
  app: z.string(),
  minutes: z.number().int().min(0),
})
export type LeakageItem = z.infer<typeof LeakageItem>

export const SyncReceiptState = z.enum(['synced', 'queued', 'failed', 'conflicted', 'unconfirmed', 'not_queued'])
export type SyncReceiptState = z.infer<typeof SyncReceiptState>

export const ReportIssue = z.object({
  entry_id: z.string(),
  started_at: IsoUtc,
  ended_at: IsoUtc,
  client: z.string().nullable(),
  project: z.string().nullable(),
  state: z.enum(['failed', 'conflicted']),
  reason: z.string().nullable(),
})
export type ReportIssue = z.infer<typeof ReportIssue>

export const Report = z.object({
  from: Day,
  to: Day,
  time_zone: z.string(),
  by: ReportGrouping,
  billing_increment_minutes: z.union([z.literal(0), z.literal(6), z.literal(15)]),
  totals: ReportMinutes,
  rows: z.array(ReportRow),
  /** client → project, for the view's table (the `rows` of `by: 'client'` and `by: 'project'`) */
  clients: z.array(ReportRow.extend({ projects: z.array(ReportRow) })),
  /** every day of the range, oldest first */
  days: z.array(ReportDay),
  activities: z.array(ReportRow),
  /** captured time in no approved entry, by app, most first (at most 10 apps) */
  leakage: z.array(LeakageItem),
  leakage_minutes: z.number().int().min(0),
  /** approved entries BillOps refused or could not match (at most 200, oldest first) */
  issues: z.array(ReportIssue),
  issues_total: z.number().int().min(0),
})
export type Report = z.infer<typeof Report>

export const ReportEntryFilter = z
  .object({
    day: Day,
    /** with `day`: the days from `day` to `until` (a week's bar) */
    until: Day,
    /** '' selects entries without a client */
    client: z.string().max(200),
    project: z.string().max(200),
    activity: z.string().max(100),
    app: z.string().max(200),
    status: z.enum(['pending', 'approved', 'rejected', 'unapproved']),
  })
  .partial()
export type ReportEntryFilter = z.infer<typeof ReportEntryFilter>

export const ReportEntry = z.object({
  id: z.string(),
  started_at: IsoUtc,
  ended_at: IsoUtc,
  status: z.enum(['pending', 'approved', 'rejected']),
  activity_type: z.string(),
  client: z.string().nullable(),
  project: z.string().nullable(),
  app: z.string().nullable(),
  notes: z.string().nullable(),
  /** in the range (a piece of an entry that crosses its edge counts only inside) */
  minutes: z.number().int().min(0),
  billed_minutes: z.number().int().min(0),
  sync: SyncReceiptState.nullable(),
  sync_reason: z.string().nullable(),
})
export type ReportEntry = z.infer<typeof ReportEntry>

export const ReportExportFormat = z.enum(['json', 'html', 'csv_totals', 'csv_entries'])
export type ReportExportFormat = z.infer<typeof ReportExportFormat>

/** A client's approved time in a period as a LEDES 1998B invoice (#30); timekeeper and firm come from Settings. */
export const LedesRequest = ReportRange.extend({
  /** the client's id or name */
  client: z.string().min(1).max(200),
  /** LEDES allows 20 characters; the validator refuses an empty one */
  invoice_number: z.string().max(20).default(''),
})
export type LedesRequest = z.infer<typeof LedesRequest>

export const LedesReply = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    file_name: z.string(),
    mime_type: z.string(),
    text: z.string(),
    lines: z.number().int().min(0),
    total: z.number(),
  }),
  /** every reason the file cannot be written; nothing was written */
  z.object({ ok: z.literal(false), problems: z.array(z.string()).min(1) }),
])
export type LedesReply = z.infer<typeof LedesReply>

export const reportMethods = defineMethods({
  'report.get': {
    input: ReportRequest,
    output: Report,
    summary: 'Totals, charts, leakage and sync issues for a period',
  },
  'report.entries': {
    input: z.object({
      range: ReportRange,
      filter: ReportEntryFilter.default({}),
      /** 'time': oldest first; 'longest': most minutes first (the leakage list: money left on the table) */
      order: z.enum(['time', 'longest']).default('time'),
      limit: z.number().int().min(1).max(2000).default(500),
    }),
    output: z.object({ entries: z.array(ReportEntry), total: z.number().int().min(0) }),
    summary: 'The entries behind a bar or row of a report (drill-down)',
  },
  'report.export': {
    input: ReportRequest.extend({ format: ReportExportFormat }),
    output: z.object({ file_name: z.string(), mime_type: z.string(), text: z.string() }),
    summary: 'A report as a file: JSON, standalone HTML (charts as inline SVG), CSV of totals or of entries',
  },
  'report.ledes': {
    input: LedesRequest,
    output: LedesReply,
    summary:
      "A client's approved time as a LEDES 1998B file, or every problem that stops it (validator and billing guidelines)",
  },
  'report.savePdf': {
    input: ReportRequest,
    output: z.object({ saved: z.boolean(), path: z.string().nullable() }),
    summary: 'Print the HTML report to PDF (Electron printToPDF) and save it where the user chooses',
  },
})
