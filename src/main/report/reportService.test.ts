import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openTempDb, tempDir } from '../../../test/support/syncFixtures'
import { entryFixture } from '../../../test/shared/entryFixture'
import { runCliInProcess } from '../../../test/support/cliRun'
import { closeDatabase, type WritableDB } from '../store/database'
import { approveEntries, rejectEntries } from '../store/decisions'
import { insertEntries } from '../store/entries'
import { liveItemFor, updateItem } from '../store/outbox'
import { createProjectRepository } from '../store/projects'
import { linkServerEntry } from '../store/serverLinks'
import { createSettingsStore } from '../store/settings'
import { createReportService } from './reportService'

const NOW = '2026-03-10T00:00:00Z'
const RANGE = { from: '2026-03-02', to: '2026-03-08', time_zone: 'UTC' }

describe('reports over the store', () => {
  let db: WritableDB
  let tmp: ReturnType<typeof tempDir>
  let dbPath: string
  beforeEach(() => {
    tmp = tempDir()
    db = openTempDb(tmp.dir)
    dbPath = db.name
  })
  afterEach(() => {
    if (db.open) closeDatabase(db)
    tmp.cleanup()
  })

  /** Five approved entries whose sync went five ways, one pending, one rejected. */
  function seed() {
    const projects = createProjectRepository(db)
    projects.saveClient({ id: 'acme', name: 'Acme' })
    projects.saveProject({ id: 'contracts', name: 'Contracts', client_id: 'acme' })
    const e = (id: string, start: string, minutes: number, extra: Parameters<typeof entryFixture>[3] = {}) =>
      entryFixture(id, start, minutes, { project_id: 'contracts', ...extra })
    insertEntries(db, [
      e('synced', '2026-03-02T09:00:00Z', 7),
      e('failed', '2026-03-02T10:00:00Z', 30),
      e('conflicted', '2026-03-03T10:00:00Z', 20),
      e('queued', '2026-03-04T10:00:00Z', 10, { project_id: null }),
      e('from-server', '2026-03-05T10:00:00Z', 60, { source: 'server', sync_state: 'synced', server_ids: ['srv-9'] }),
      e('pending', '2026-03-05T12:00:00Z', 45, {
        context_data: { confidence: 0.9, applications: ['chrome'], primary_activity: 'research', reasons: [] },
      }),
      e('rejected', '2026-03-06T12:00:00Z', 15, {
        context_data: { confidence: 0.9, applications: ['slack'], primary_activity: 'communication', reasons: [] },
      }),
    ])
    linkServerEntry(db, 'srv-9', 'from-server')
    approveEntries(db, ['synced', 'failed', 'conflicted', 'queued', 'from-server'], {}, { now: () => Date.parse(NOW) })
    rejectEntries(db, ['rejected'], {}, { now: () => Date.parse(NOW) })
    const item = (id: string) => liveItemFor(db, id)!.id
    updateItem(db, item('synced'), { state: 'done', sent: true, server_ids: ['srv-1'] }, NOW)
    updateItem(db, item('failed'), { state: 'failed', sent: true, last_error: 'HTTP 422: unknown project' }, NOW)
    updateItem(
      db,
      item('conflicted'),
      { state: 'conflicted', sent: true, last_error: 'server entry was deleted in BillOps' },
      NOW,
    )
    updateItem(db, item('from-server'), { state: 'done', sent: true }, NOW)
  }

  const service = (increment: 0 | 6 | 15 = 6, perClient: Record<string, 0 | 6 | 15> = {}) => {
    const settings = createSettingsStore(db, Date.now)
    settings.update({ billing_increment_minutes: increment, client_billing_increments: perClient })
    return createReportService({ db, settings: () => settings.get() })
  }

  it('reconciles captured, approved, billed and synced time from the outbox and server links', () => {
    seed()
    const report = service(6).report({ ...RANGE, by: 'project' })
    expect(report.totals).toEqual({
      captured_minutes: 7 + 30 + 20 + 10 + 60 + 45 + 15,
      suggested_minutes: 7 + 30 + 20 + 10 + 60 + 45 + 15,
      approved_minutes: 127,
      billed_minutes: 12 + 30 + 24 + 12 + 60,
      synced_minutes: 7 + 60,
      pending_minutes: 45,
      rejected_minutes: 15,
      unassigned_minutes: 10,
    })
    expect(report.issues.map((i) => [i.entry_id, i.state, i.reason])).toEqual([
      ['failed', 'failed', 'HTTP 422: unknown project'],
      ['conflicted', 'conflicted', 'server entry was deleted in BillOps'],
    ])
    expect(report.leakage.map((l) => [l.app, l.minutes])).toEqual([
      ['chrome', 45],
      ['slack', 15],
    ])
    expect(
      report.clients.map((c) => [c.client_name, c.approved_minutes, c.projects.map((p) => p.project_name)]),
    ).toEqual([
      ['Acme', 117, ['Contracts']],
      [null, 10, [null]],
    ])
  })

  it('a per-client increment from the settings overrides the global one', () => {
    seed()
    const report = service(6, { acme: 15 }).report({ ...RANGE, by: 'client' })
    expect(report.rows.map((r) => [r.client, r.billed_minutes])).toEqual([
      ['acme', 15 + 30 + 30 + 60],
      [null, 12],
    ])
  })

  it('refuses a range that ends before it starts, an impossible day and an unknown zone', () => {
    const reports = service()
    expect(() => reports.report({ ...RANGE, from: '2026-03-09', by: 'day' })).toThrow(
      'ends (2026-03-08) before it starts (2026-03-09)',
    )
    expect(() => reports.report({ ...RANGE, to: '2026-02-30', by: 'day' })).toThrow('not a real day: 2026-02-30')
    expect(() => reports.report({ ...RANGE, time_zone: 'Mars/Olympus', by: 'day' })).toThrow(
      'unknown time zone: Mars/Olympus',
    )
  })

  it('billops report prints the same aggregation as JSON, CSV and HTML', async () => {
    seed()
    const expected = service(6).report({ ...RANGE, by: 'day' })
    closeDatabase(db)
    const args = ['report', '--db', dbPath, '--from', RANGE.from, '--to', RANGE.to, '--tz', 'UTC', '--by', 'day']
    const json = await runCliInProcess([...args, '--format', 'json'])
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout)).toEqual(expected)
    const csv = await runCliInProcess([...args, '--format', 'csv'])
    const lines = csv.stdout.trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      'day,captured_minutes,suggested_minutes,approved_minutes,billed_minutes,synced_minutes,pending_minutes,rejected_minutes,unassigned_minutes',
    )
    expect(lines).toHaveLength(expected.rows.length + 2)
    expect(lines.at(-1)).toBe(`TOTAL,${Object.values(expected.totals).join(',')}`)
    const entries = await runCliInProcess([...args, '--format', 'csv', '--what', 'entries'])
    expect(entries.stdout.split('\r\n').filter(Boolean)).toHaveLength(1 + 7)
    const html = await runCliInProcess([...args, '--format', 'html'])
    expect(html.stdout).toContain('<svg')
    expect(html.stdout).toContain('Approved hours per day by client')
    expect(html.stdout).not.toContain('<script')
  })

  it('billops report: a bad range is a usage error (exit 2)', async () => {
    closeDatabase(db)
    const result = await runCliInProcess([
      'report',
      '--db',
      dbPath,
      '--from',
      '2026-03-09',
      '--to',
      '2026-03-01',
      '--format',
      'json',
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('before it starts')
    expect(result.stdout).toBe('')
  })
})

describe('entries CSV', () => {
  it('neutralises formulas in notes as the entries export does', async () => {
    const tmp = tempDir()
    const db = openTempDb(tmp.dir)
    try {
      insertEntries(db, [entryFixture('x', '2026-03-02T09:00:00Z', 30, { notes: '=HYPERLINK("http://evil")' })])
      const settings = createSettingsStore(db, Date.now)
      const file = createReportService({ db, settings: () => settings.get() }).file(
        { ...RANGE, by: 'project' },
        'csv_entries',
      )
      expect(file.text.split('\r\n')[1]).toContain(`"'=HYPERLINK(""http://evil"")"`)
    } finally {
      closeDatabase(db)
      tmp.cleanup()
    }
  })
})
