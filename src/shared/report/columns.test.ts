// #24: the minute columns are declared once (REPORT_MINUTE_COLUMNS); every output follows the
// list by name, so a new column cannot be mislabelled by position.
import { describe, expect, it } from 'vitest'
import { REPORT_MINUTE_COLUMNS, ReportMinutes } from '../contract/report'
import { buildReport } from './aggregate'
import { reportHtml, totalsCsv } from './render'

const report = buildReport(
  {
    range: { from: '2026-03-02', to: '2026-03-02', time_zone: 'UTC' },
    entries: [
      {
        id: 'a',
        started_at: '2026-03-02T09:00:00Z',
        ended_at: '2026-03-02T10:00:00Z',
        status: 'approved',
        source: 'auto',
        activity_type: 'writing',
        project_id: null,
        client_id: 'acme',
        notes: null,
        app: 'word',
      },
      {
        id: 'b',
        started_at: '2026-03-02T11:00:00Z',
        ended_at: '2026-03-02T11:30:00Z',
        status: 'pending',
        source: 'auto',
        activity_type: 'research',
        project_id: null,
        client_id: null,
        notes: null,
        app: 'chrome',
      },
    ],
    receipts: new Map(),
    clients: new Map([['acme', 'Acme']]),
    projects: new Map(),
    increment: 15,
    clientIncrements: {},
  },
  'client',
)

describe('report columns, declared once (#24)', () => {
  it('the schema, CSV and HTML follow the one list in its order', () => {
    const fields = REPORT_MINUTE_COLUMNS.map((column) => column.field)
    expect(Object.keys(ReportMinutes.shape)).toEqual(fields)
    expect(Object.keys(report.totals)).toEqual(fields)
    const header = totalsCsv(report).split(/\r?\n/u)[0]!.split(',')
    expect(header.slice(-fields.length)).toEqual(fields)
    const html = reportHtml(report)
    const totalsHead = html.slice(
      html.indexOf('Client / project'),
      html.indexOf('</thead>', html.indexOf('Client / project')),
    )
    expect([...totalsHead.matchAll(/<th[^>]*>([^<]*)<\/th>/gu)].map((m) => m[1])).toEqual(
      REPORT_MINUTE_COLUMNS.map((column) => column.label),
    )
    // Each value sits under its own header: captured 1:30, approved 1:00, billed 1:00, pending 0:30.
    const totalRow = totalsCsv(report).trim().split(/\r?\n/u).at(-1)!.split(',').slice(-fields.length).map(Number)
    expect(Object.fromEntries(fields.map((field, i) => [field, totalRow[i]]))).toEqual(report.totals)
    expect(report.totals).toMatchObject({
      captured_minutes: 90,
      approved_minutes: 60,
      billed_minutes: 60,
      pending_minutes: 30,
    })
  })
})
