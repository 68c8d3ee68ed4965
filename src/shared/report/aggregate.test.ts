import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BillingIncrement } from '../contract/entries'
import type { ReportGrouping } from '../contract/report'
import {
  buildReport,
  dayShares,
  issuesOf,
  MINUTE_FIELDS,
  summarizeReport,
  type ReportInput,
  type ReportSourceEntry,
} from './aggregate'
import { receiptOf, type SyncReceipt } from './reconcile'
import { dayKeyOf, daysBetween, dayStartMs, splitByDay } from './zonedDays'
import { reportEntries } from './drillDown'

let seq = 0
function entry(startIso: string, minutes: number, overrides: Partial<ReportSourceEntry> = {}): ReportSourceEntry {
  const start = Date.parse(startIso)
  return {
    id: `e${++seq}`,
    started_at: startIso,
    ended_at: new Date(start + minutes * 60_000).toISOString().replace('.000Z', 'Z'),
    status: 'approved',
    source: 'auto',
    activity_type: 'focused_work',
    project_id: 'p1',
    client_id: 'acme',
    notes: null,
    app: 'vscode',
    ...overrides,
  }
}

function input(
  entries: ReportSourceEntry[],
  range: Partial<ReportInput['range']> = {},
  extra: Partial<ReportInput> = {},
): ReportInput {
  return {
    range: { from: '2026-03-01', to: '2026-03-31', time_zone: 'UTC', ...range },
    entries,
    receipts: new Map(),
    clients: new Map([
      ['acme', 'Acme'],
      ['globex', 'Globex'],
    ]),
    projects: new Map([
      ['p1', { name: 'Contracts', client_id: 'acme' }],
      ['p2', { name: 'Audit', client_id: 'globex' }],
    ]),
    increment: 0,
    clientIncrements: {},
    ...extra,
  }
}

describe('days in the user time zone', () => {
  it('finds local midnight on both sides of a DST change', () => {
    expect(new Date(dayStartMs('2026-03-08', 'America/New_York')).toISOString()).toBe('2026-03-08T05:00:00.000Z')
    expect(new Date(dayStartMs('2026-03-09', 'America/New_York')).toISOString()).toBe('2026-03-09T04:00:00.000Z')
    expect(dayKeyOf(Date.parse('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('2026-03-08')
  })

  it('counts the 23-hour spring-forward day and the 25-hour fall-back day as they are', () => {
    const spring = entry('2026-03-08T05:00:00Z', 23 * 60, { client_id: null, project_id: null })
    const fall = entry('2026-10-24T22:00:00Z', 25 * 60)
    const ny = buildReport(
      input([spring], { time_zone: 'America/New_York', from: '2026-03-07', to: '2026-03-09' }),
      'day',
    )
    expect(ny.rows.map((r) => [r.day, r.approved_minutes])).toEqual([['2026-03-08', 23 * 60]])
    expect(ny.totals.unassigned_minutes).toBe(23 * 60)
    const berlin = buildReport(
      input([fall], { time_zone: 'Europe/Berlin', from: '2026-10-24', to: '2026-10-26' }),
      'day',
    )
    expect(berlin.rows.map((r) => [r.day, r.approved_minutes])).toEqual([['2026-10-25', 25 * 60]])
  })

  it('splits an entry that spans midnight across the two local days', () => {
    // 23:30–00:45 in Berlin (UTC+1 in March)
    const late = entry('2026-03-02T22:30:00Z', 75)
    const report = buildReport(input([late], { time_zone: 'Europe/Berlin' }), 'day')
    expect(report.rows.map((r) => [r.day, r.captured_minutes])).toEqual([
      ['2026-03-02', 30],
      ['2026-03-03', 45],
    ])
    expect(report.totals.captured_minutes).toBe(75)
    const firstDayOnly = buildReport(
      input([late], { time_zone: 'Europe/Berlin', from: '2026-03-02', to: '2026-03-02' }),
      'day',
    )
    expect(firstDayOnly.totals.captured_minutes).toBe(30)
    expect(splitByDay(Date.parse(late.started_at), Date.parse(late.ended_at), 'UTC')).toEqual([
      { day: '2026-03-02', seconds: 75 * 60 },
    ])
  })
})

describe('billed time is rounded per entry and totals add the rounded lines', () => {
  const three = () => [
    entry('2026-03-02T09:00:00Z', 7),
    entry('2026-03-02T10:00:00Z', 12),
    entry('2026-03-03T10:00:00Z', 13),
  ]
  it.each([
    [0, 32],
    [6, 12 + 12 + 18],
    [15, 45],
  ] as [BillingIncrement, number][])('increment %i min bills %i min', (increment, billed) => {
    const report = buildReport(input(three(), {}, { increment }), 'day')
    expect(report.totals.approved_minutes).toBe(32)
    expect(report.totals.billed_minutes).toBe(billed)
    expect(report.rows.reduce((sum, r) => sum + r.billed_minutes, 0)).toBe(billed)
  })

  it('a per-client increment overrides the global one', () => {
    const entries = [
      entry('2026-03-02T09:00:00Z', 7),
      entry('2026-03-02T10:00:00Z', 7, { client_id: 'globex', project_id: 'p2' }),
    ]
    const report = buildReport(input(entries, {}, { increment: 6, clientIncrements: { acme: 15 } }), 'client')
    expect(report.rows.map((r) => [r.client_name, r.billed_minutes])).toEqual([
      ['Acme', 15],
      ['Globex', 12],
    ])
    expect(report.totals.billed_minutes).toBe(27)
  })

  it('the client of a project counts when the entry names only the project', () => {
    const report = buildReport(
      input(
        [entry('2026-03-02T09:00:00Z', 7, { client_id: null, project_id: 'p2' })],
        {},
        { clientIncrements: { globex: 15 } },
      ),
      'project',
    )
    expect(report.rows[0]).toMatchObject({
      client: 'globex',
      client_name: 'Globex',
      project_name: 'Audit',
      billed_minutes: 15,
      unassigned_minutes: 0,
    })
  })

  it('an entry rounded up once keeps its surplus when it crosses midnight', () => {
    const report = buildReport(input([entry('2026-03-02T23:55:00Z', 7)], {}, { increment: 15 }), 'day')
    expect(report.rows.map((r) => r.billed_minutes).reduce((a, b) => a + b)).toBe(15)
    expect(report.totals.billed_minutes).toBe(15)
  })
})

describe('reconciliation', () => {
  it('reads the receipt from the outbox items and server links', () => {
    const ingest = (
      state: 'queued' | 'done' | 'failed' | 'conflicted' | 'cancelled',
      server_ids: string[] = [],
      last_error: string | null = null,
    ) => ({ kind: 'ingest' as const, state, has_server_ids: server_ids.length > 0, last_error })
    expect(receiptOf([ingest('done', ['s1'])], false).state).toBe('synced')
    expect(receiptOf([ingest('done')], false).state).toBe('unconfirmed')
    expect(receiptOf([ingest('failed', [], 'HTTP 422: project unknown')], false)).toEqual({
      state: 'failed',
      reason: 'HTTP 422: project unknown',
    })
    expect(receiptOf([ingest('done', ['s1']), ingest('conflicted', [], 'server entry deleted')], false).state).toBe(
      'conflicted',
    )
    expect(receiptOf([ingest('cancelled')], false).state).toBe('not_queued')
    expect(receiptOf([{ kind: 'decision', state: 'done', has_server_ids: false, last_error: null }], true).state).toBe(
      'synced',
    )
    expect(receiptOf([{ kind: 'decision', state: 'done', has_server_ids: false, last_error: null }], false).state).toBe(
      'unconfirmed',
    )
  })

  it('counts as synced only confirmed entries and lists failed and conflicted ones with their reason', () => {
    const [ok, failed, conflicted, queued] = [0, 1, 2, 3].map((i) => entry(`2026-03-0${i + 2}T09:00:00Z`, 30))
    const receipts = new Map<string, SyncReceipt>([
      [ok!.id, { state: 'synced', reason: null }],
      [failed!.id, { state: 'failed', reason: 'HTTP 422' }],
      [conflicted!.id, { state: 'conflicted', reason: 'decided in BillOps' }],
      [queued!.id, { state: 'queued', reason: null }],
    ])
    const report = buildReport(input([ok!, failed!, conflicted!, queued!], {}, { receipts }), 'client')
    expect(report.totals).toMatchObject({ approved_minutes: 120, synced_minutes: 30 })
    expect(report.issues.map((i) => [i.entry_id, i.state, i.reason])).toEqual([
      [failed!.id, 'failed', 'HTTP 422'],
      [conflicted!.id, 'conflicted', 'decided in BillOps'],
    ])
    expect(reportEntries(input([ok!, failed!], {}, { receipts }), {}).map((e) => e.sync)).toEqual(['synced', 'failed'])
  })
})

describe('leakage and drill-down', () => {
  it('lists captured time in no approved entry by app, most first, and drills into a day', () => {
    const entries = [
      entry('2026-03-02T09:00:00Z', 40, { status: 'pending', app: 'chrome' }),
      entry('2026-03-02T11:00:00Z', 20, { status: 'rejected', app: 'slack' }),
      entry('2026-03-03T11:00:00Z', 15, { status: 'pending', app: 'slack' }),
      entry('2026-03-03T12:00:00Z', 60),
    ]
    const report = buildReport(input(entries), 'activity')
    expect(report.leakage).toEqual([
      { app: 'chrome', minutes: 40 },
      { app: 'slack', minutes: 35 },
    ])
    expect(report.leakage_minutes).toBe(75)
    expect(report.days).toHaveLength(31)
    expect(
      report.days
        .filter((d) => d.unapproved_minutes || d.approved_by_client.length)
        .map((d) => [d.day, d.unapproved_minutes, d.approved_by_client]),
    ).toEqual([
      ['2026-03-02', 60, []],
      ['2026-03-03', 15, [{ client: 'acme', minutes: 60 }]],
    ])
    expect(reportEntries(input(entries), { day: '2026-03-03' }).map((e) => e.minutes)).toEqual([15, 60])
    // a week's bar: its days from `day` to `until`
    expect(
      reportEntries(input(entries), { day: '2026-03-02', until: '2026-03-03', status: 'unapproved' }).map(
        (e) => e.minutes,
      ),
    ).toEqual([40, 20, 15])
    expect(reportEntries(input(entries), { day: '2026-03-03', until: '2026-03-09' }).map((e) => e.minutes)).toEqual([
      15, 60,
    ])
    expect(reportEntries(input(entries), { app: 'slack', status: 'unapproved' }).map((e) => e.status)).toEqual([
      'rejected',
      'pending',
    ])
    // the leakage list opens an app's entries longest first: the money left on the table on top
    const longest = reportEntries(
      input([...entries, entry('2026-03-04T08:00:00Z', 50, { status: 'pending', app: 'slack' })]),
      { app: 'slack', status: 'unapproved' },
      'longest',
    )
    expect(longest.map((e) => [e.started_at, e.minutes])).toEqual([
      ['2026-03-04T08:00:00Z', 50],
      ['2026-03-02T11:00:00Z', 20],
      ['2026-03-03T11:00:00Z', 15],
    ])
  })
})

const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata']
const arbEntry = fc.record({
  startMin: fc.integer({ min: -2000, max: 14 * 1440 }),
  minutes: fc.integer({ min: 0, max: 3000 }),
  seconds: fc.integer({ min: 0, max: 59 }),
  status: fc.constantFrom('pending', 'approved', 'rejected'),
  source: fc.constantFrom('auto', 'manual', 'server'),
  client: fc.constantFrom(null, 'acme', 'globex', 'initech'),
  project: fc.constantFrom(null, 'p1', 'p2', 'p3'),
  activity: fc.constantFrom('focused_work', 'meeting', 'research'),
  synced: fc.constantFrom('synced', 'failed', 'queued'),
})

describe('property', () => {
  it("a report's lines always sum to its totals, whatever the grouping, zone and increments", () => {
    fc.assert(
      fc.property(
        fc.array(arbEntry, { maxLength: 40 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<BillingIncrement>(0, 6, 15),
        fc.constantFrom<BillingIncrement | undefined>(undefined, 0, 6, 15),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        (raw, time_zone, increment, acmeIncrement, fromOffset, length) => {
          const receipts = new Map<string, SyncReceipt>()
          const entries = raw.map((r) => {
            const start = Date.parse('2026-03-01T00:00:00Z') + r.startMin * 60_000
            const e = entry(new Date(start).toISOString().replace('.000Z', 'Z'), 0, {
              ended_at: new Date(start + r.minutes * 60_000 + r.seconds * 1000).toISOString().replace('.000Z', 'Z'),
              status: r.status as ReportSourceEntry['status'],
              source: r.source as ReportSourceEntry['source'],
              client_id: r.client,
              project_id: r.project,
              activity_type: r.activity,
            })
            receipts.set(e.id, { state: r.synced as SyncReceipt['state'], reason: null })
            return e
          })
          const from = `2026-03-${String(1 + fromOffset).padStart(2, '0')}`
          const to = `2026-03-${String(1 + fromOffset + length).padStart(2, '0')}`
          const data = input(
            entries,
            { from, to, time_zone },
            { receipts, increment, clientIncrements: acmeIncrement === undefined ? {} : { acme: acmeIncrement } },
          )
          for (const by of ['client', 'project', 'day', 'activity'] as ReportGrouping[]) {
            const report = buildReport(data, by)
            for (const field of MINUTE_FIELDS) {
              expect(report.rows.reduce((sum, row) => sum + row[field], 0)).toBe(report.totals[field])
            }
            for (const client of report.clients) {
              for (const field of MINUTE_FIELDS)
                expect(client.projects.reduce((sum, p) => sum + p[field], 0)).toBe(client[field])
            }
            expect(report.totals.billed_minutes).toBeGreaterThanOrEqual(report.totals.approved_minutes)
            expect(reportEntries(data, {}).reduce((sum, e) => sum + e.minutes, 0)).toBe(report.totals.captured_minutes)
            // what the store's day cache relies on: a day's shares are the same whoever asks for
            // it, so a report summed from days computed one at a time is the report itself
            const oneDayAtATime = daysBetween(from, to).flatMap((day) =>
              dayShares({ ...data, range: { from: day, to: day, time_zone } }),
            )
            expect(summarizeReport({ ...data, shares: oneDayAtATime, issues: issuesOf(data) }, by)).toEqual(report)
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})
