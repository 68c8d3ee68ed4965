import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { entryFixture } from '../../../test/shared/entryFixture'
import { openTempDb, tempDir } from '../../../test/support/syncFixtures'
import type { ReportGrouping, ReportRange } from '../../shared/contract/report'
import { buildReport } from '../../shared/report/aggregate'
import { closeDatabase, type WritableDB } from '../store/database'
import { approveEntries, rejectEntries, reopenEntries } from '../store/decisions'
import { insertEntries } from '../store/entries'
import { REPORT_CACHE_TRIGGERS } from '../store/migrations/0010-report-day-cache'
import { enqueue, liveItemFor, updateItem } from '../store/outbox'
import { createProjectRepository } from '../store/projects'
import { linkServerEntry } from '../store/serverLinks'
import { createSettingsStore, type SettingsStore } from '../store/settings'
import { dayCacheVersion } from '../store/reportDays'
import { createReportService, type ReportService } from './reportService'
import { loadReportInput } from '../store/reports'

const NOW = '2026-03-20T00:00:00Z'
const BY: ReportGrouping[] = ['client', 'project', 'day', 'activity']

describe('report day cache', () => {
  let db: WritableDB
  let tmp: ReturnType<typeof tempDir>
  let settings: SettingsStore
  let reports: ReportService
  let now: number
  beforeEach(() => {
    tmp = tempDir()
    db = openTempDb(tmp.dir)
    settings = createSettingsStore(db, Date.now)
    now = Date.parse(NOW)
    reports = createReportService({ db, settings: () => settings.get(), now: () => now })
    const projects = createProjectRepository(db)
    for (const c of ['acme', 'globex']) projects.saveClient({ id: c, name: c.toUpperCase() })
    projects.saveProject({ id: 'p1', name: 'Contracts', client_id: 'acme' })
    projects.saveProject({ id: 'p2', name: 'Audit', client_id: 'globex' })
  })
  afterEach(() => {
    if (db.open) closeDatabase(db)
    tmp.cleanup()
  })

  /** The report straight from the entries, as if nothing were cached. */
  const reference = (range: ReportRange, by: ReportGrouping) =>
    buildReport(loadReportInput(db, settings.get(), range), by)
  const cachedDays = (zone?: string) =>
    (
      db
        .prepare(`SELECT count(*) AS n FROM report_day_cache${zone ? ' WHERE time_zone = ?' : ''}`)
        .get(...(zone ? [zone] : [])) as { n: number }
    ).n

  it('keeps its triggers after every migration (a rebuilt table would silently drop them)', () => {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map(
      (r) => r.name,
    )
    expect(names).toEqual(expect.arrayContaining([...REPORT_CACHE_TRIGGERS]))
  })

  it('sums a range from cached days, and a change drops exactly the days around it', () => {
    insertEntries(db, [
      entryFixture('a', '2026-03-02T09:00:00Z', 30, { project_id: 'p1' }),
      entryFixture('b', '2026-03-09T09:00:00Z', 45),
    ])
    const range = { from: '2026-03-01', to: '2026-03-14', time_zone: 'Europe/Berlin' }
    expect(reports.report({ ...range, by: 'day' })).toEqual(reference(range, 'day'))
    expect(cachedDays()).toBe(14)

    approveEntries(db, ['a'], {}, { now: () => now })
    // the entry's UTC date ± 1 day: 1–3 March
    expect(cachedDays()).toBe(11)
    const report = reports.report({ ...range, by: 'project' })
    expect(report.totals.approved_minutes).toBe(30)
    expect(report).toEqual(reference(range, 'project'))
    expect(cachedDays()).toBe(14)
  })

  it('drops the days of an entry when its sync receipt changes: outbox items and server links', () => {
    insertEntries(db, [entryFixture('a', '2026-03-02T09:00:00Z', 30, { project_id: 'p1' })])
    approveEntries(db, ['a'], {}, { now: () => now })
    const range = { from: '2026-03-01', to: '2026-03-07', time_zone: 'America/New_York' }
    const synced = () => {
      const report = reports.report({ ...range, by: 'project' })
      expect(report).toEqual(reference(range, 'project'))
      return [report.totals.synced_minutes, report.issues_total]
    }
    expect(synced()).toEqual([0, 0])
    const item = liveItemFor(db, 'a')!
    updateItem(db, item.id, { state: 'failed', sent: true, last_error: 'HTTP 422' }, NOW)
    expect(synced()).toEqual([0, 1])
    updateItem(db, item.id, { state: 'done', server_ids: ['srv-a'], last_error: null }, NOW)
    expect(synced()).toEqual([30, 0])
    enqueue(db, 'a', 'decision', NOW)
    expect(synced()).toEqual([0, 0])
    db.prepare("DELETE FROM outbox WHERE state = 'queued'").run()
    expect(synced()).toEqual([30, 0])
    // a decision on a server entry counts only while that server entry is linked
    const decision = enqueue(db, 'a', 'decision', NOW)
    updateItem(db, decision.id, { state: 'done' }, NOW)
    expect(synced()).toEqual([0, 0])
    linkServerEntry(db, 'srv-a', 'a')
    expect(synced()).toEqual([30, 0])
    db.prepare("UPDATE server_entry_links SET entry_id = 'other'").run()
    expect(synced()).toEqual([0, 0])
    db.prepare("UPDATE server_entry_links SET entry_id = 'a'").run()
    expect(synced()).toEqual([30, 0])
    db.prepare('DELETE FROM server_entry_links').run()
    expect(synced()).toEqual([0, 0])
  })

  it('needs no cached day to change when names, a project client or billing increments change', () => {
    insertEntries(db, [entryFixture('a', '2026-03-02T09:00:00Z', 7, { project_id: 'p1' })])
    approveEntries(db, ['a'], {}, { now: () => now })
    const range = { from: '2026-03-01', to: '2026-03-07', time_zone: 'UTC' }
    settings.update({ billing_increment_minutes: 0 })
    expect(reports.report({ ...range, by: 'client' }).rows.map((r) => [r.client_name, r.billed_minutes])).toEqual([
      ['ACME', 7],
    ])
    settings.update({ billing_increment_minutes: 6, client_billing_increments: { globex: 15 } })
    createProjectRepository(db).saveProject({ id: 'p1', name: 'Contracts', client_id: 'globex' })
    createProjectRepository(db).saveClient({ id: 'globex', name: 'Globex Corp' })
    const report = reports.report({ ...range, by: 'client' })
    expect(report.rows.map((r) => [r.client_name, r.billed_minutes])).toEqual([['Globex Corp', 15]])
    expect(report).toEqual(reference(range, 'client'))
  })

  it('recomputes rows written with other time zone rules or share format, and rows it cannot read', () => {
    insertEntries(db, [entryFixture('a', '2026-03-02T09:00:00Z', 30)])
    const range = { from: '2026-03-01', to: '2026-03-03', time_zone: 'UTC' }
    const expected = reference(range, 'day')
    reports.report({ ...range, by: 'day' })
    db.prepare("UPDATE report_day_cache SET version = 'shares-0/tz-1999a' WHERE day = '2026-03-01'").run()
    db.prepare(
      `UPDATE report_day_cache SET shares = '[["approved",0,"x",null,null,1,null,-5,0,0,0]]' WHERE day = '2026-03-02'`,
    ).run()
    db.prepare("UPDATE report_day_cache SET shares = '{' WHERE day = '2026-03-03'").run()
    expect(reports.report({ ...range, by: 'day' })).toEqual(expected)
    expect(db.prepare('SELECT DISTINCT version FROM report_day_cache').all()).toEqual([{ version: dayCacheVersion }])
    expect(db.prepare("SELECT shares FROM report_day_cache WHERE day = '2026-03-02'").get()).toEqual({
      shares: '[["pending",0,"focused_work",null,null,0,"vscode",30,0,0,0]]',
    })
  })

  it('keeps the four zones used last and drops the others', () => {
    insertEntries(db, [entryFixture('a', '2026-03-02T09:00:00Z', 30)])
    const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney']
    for (const time_zone of zones) {
      now += 1000
      reports.report({ from: '2026-03-01', to: '2026-03-03', time_zone, by: 'day' })
    }
    const kept = (
      db.prepare('SELECT DISTINCT time_zone FROM report_day_cache ORDER BY time_zone').all() as { time_zone: string }[]
    ).map((r) => r.time_zone)
    expect(kept).toEqual(['America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/Berlin'])
  })

  it('warms the last 400 days of a zone, so the next report reads no entries', async () => {
    insertEntries(db, [entryFixture('a', '2025-06-02T09:00:00Z', 30), entryFixture('b', '2026-03-19T22:30:00Z', 90)])
    await reports.warm('Asia/Kolkata')
    expect(cachedDays('Asia/Kolkata')).toBe(400)
    const touched = () => db.prepare('SELECT used_at FROM report_cache_zones').all()
    const before = touched()
    now += 60_000
    const range = { from: '2025-02-20', to: '2026-03-20', time_zone: 'Asia/Kolkata' }
    const report = reports.report({ ...range, by: 'day' })
    // filling a day touches the zone; nothing was filled
    expect(touched()).toEqual(before)
    expect(report).toEqual(reference(range, 'day'))
    expect(report.rows.map((r) => [r.day, r.captured_minutes])).toEqual([
      ['2025-06-02', 30],
      ['2026-03-20', 90],
    ])
  })

  it('shows the CLI how many days it is summing, and nothing once they are cached', () => {
    insertEntries(db, [entryFixture('a', '2026-03-02T09:00:00Z', 30)])
    const range = { from: '2026-01-01', to: '2026-03-14', by: 'project' as const, time_zone: 'UTC' }
    const calls: [number, number][] = []
    reports.report(range, (filled, total) => calls.push([filled, total]))
    expect(calls).toEqual([
      [31, 73],
      [62, 73],
      [73, 73],
    ])
    calls.length = 0
    reports.report(range, (filled, total) => calls.push([filled, total]))
    expect(calls).toEqual([])
  })

  // Any sequence of changes, through the store's own writes and through plain SQL, between reports
  // in any zone and range: the cached report is always the one summed straight from the entries.
  const change = <K extends string>(...kinds: K[]) => fc.record({ kind: fc.constantFrom(...kinds), pick: fc.nat() })
  const op = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('insert' as const),
        startMin: fc.integer({ min: 0, max: 14 * 1440 }),
        minutes: fc.integer({ min: 1, max: 1600 }),
        project: fc.constantFrom(null, 'p1', 'p2'),
        app: fc.constantFrom('vscode', 'chrome'),
      }),
    },
    { weight: 3, arbitrary: change('approve', 'reject', 'reopen') },
    { weight: 3, arbitrary: change('delete', 'move', 'reassign', 'app') },
    { weight: 4, arbitrary: change('synced', 'failed', 'conflicted', 'requeue', 'link', 'unlink') },
    { weight: 1, arbitrary: change('increment', 'projectClient') },
  )
  // two zones, so most reports read days cached by an earlier one (a stale day then shows)
  const report = fc.record({
    zone: fc.constantFrom('UTC', 'America/New_York'),
    fromDay: fc.integer({ min: 0, max: 14 }),
    days: fc.integer({ min: 0, max: 6 }),
    by: fc.constantFrom(...BY),
  })

  it('never differs from the report summed straight from the entries (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(op, report), { minLength: 1, maxLength: 30 }), (steps) => {
        db.exec('DELETE FROM server_entry_links; DELETE FROM outbox; DELETE FROM entries; DELETE FROM report_day_cache')
        let seq = 0
        const ids = () => (db.prepare('SELECT id FROM entries ORDER BY id').all() as { id: string }[]).map((r) => r.id)
        for (const [change, ask] of steps) {
          const all = ids()
          const id = 'pick' in change && all.length ? all[change.pick % all.length]! : null
          const iso = new Date(now).toISOString()
          switch (change.kind) {
            case 'insert': {
              const start = new Date(Date.parse('2026-03-01T00:00:00Z') + change.startMin * 60_000 + (seq % 3) * 17_000)
                .toISOString()
                .replace('.000Z', 'Z')
              insertEntries(db, [
                entryFixture(`e${++seq}`, start, change.minutes, {
                  project_id: change.project,
                  context_data: {
                    confidence: 0.8,
                    applications: [change.app],
                    primary_activity: 'focused_work',
                    reasons: [],
                  },
                }),
              ])
              break
            }
            case 'approve':
            case 'reject':
            case 'reopen':
              try {
                if (id)
                  (change.kind === 'approve'
                    ? approveEntries
                    : change.kind === 'reject'
                      ? rejectEntries
                      : reopenEntries)(db, [id], {}, { now: () => now })
              } catch (error) {
                // an entry BillOps already has cannot be decided again here: nothing changed
                if ((error as { code?: string }).code !== 'conflict') throw error
              }
              break
            case 'delete':
              if (id) db.prepare('DELETE FROM entries WHERE id = ?').run(id)
              break
            case 'move':
              // across midnight, so days share the entry out differently
              if (id)
                db.prepare(
                  "UPDATE entries SET started_at = strftime('%Y-%m-%dT%H:%M:%SZ', started_at, '+20 hours'), ended_at = strftime('%Y-%m-%dT%H:%M:%SZ', ended_at, '+21 hours') WHERE id = ?",
                ).run(id)
              break
            case 'reassign':
              if (id)
                db.prepare(
                  "UPDATE entries SET client_id = CASE WHEN client_id IS NULL THEN 'globex' END, activity_type = 'meeting' WHERE id = ?",
                ).run(id)
              break
            case 'app':
              if (id)
                db.prepare(
                  `UPDATE entries SET context_data = json_set(context_data, '$.applications', json('["slack"]')) WHERE id = ?`,
                ).run(id)
              break
            case 'synced':
            case 'failed':
            case 'conflicted': {
              const item = id ? liveItemFor(db, id) : null
              if (item)
                updateItem(
                  db,
                  item.id,
                  {
                    state: change.kind === 'synced' ? 'done' : change.kind,
                    sent: true,
                    server_ids: change.kind === 'synced' ? [`srv-${id}`] : [],
                    last_error: change.kind === 'synced' ? null : `HTTP 409 for ${id}`,
                  },
                  iso,
                )
              break
            }
            case 'requeue':
              if (id && !liveItemFor(db, id)) enqueue(db, id, 'decision', iso)
              break
            case 'link':
              if (id) linkServerEntry(db, `srv-link-${id}`, id)
              break
            case 'unlink':
              if (id) db.prepare('DELETE FROM server_entry_links WHERE entry_id = ?').run(id)
              break
            case 'increment':
              settings.update({
                billing_increment_minutes: ([0, 6, 15] as const)[change.pick % 3]!,
                client_billing_increments: change.pick % 2 ? { acme: 15 } : {},
              })
              break
            case 'projectClient':
              createProjectRepository(db).saveProject({
                id: 'p1',
                name: 'Contracts',
                client_id: change.pick % 2 ? 'globex' : 'acme',
              })
              break
          }
          const from = `2026-03-${String(1 + ask.fromDay).padStart(2, '0')}`
          const to = `2026-03-${String(1 + ask.fromDay + ask.days).padStart(2, '0')}`
          const range = { from, to, time_zone: ask.zone }
          expect(reports.report({ ...range, by: ask.by })).toEqual(reference(range, ask.by))
          // and every day any entry can touch, so a stale day anywhere shows
          const whole = { from: '2026-02-28', to: '2026-03-23', time_zone: ask.zone }
          expect(reports.report({ ...whole, by: 'day' })).toEqual(reference(whole, 'day'))
        }
      }),
      { numRuns: 80 },
    )
  })
})
