// Issue #23 (5): approved time without device signals — a calendar-only meeting, away time the
// user assigned, a meeting's quiet stretch — reaches BillOps as attested signals and arrives as
// one approved server entry with the exact span, project and client. Against the reference server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../tools/reference-server/server'
import { suggestEntries } from '../../../tools/reference-server/heuristic'
import {
  awayAssignedFixture,
  calendarOnlyFixture,
  createTestEngine,
  openTempDb,
  PRIVATE_MEETING,
  seedApproved,
  tempDir,
} from '../../../test/support/syncFixtures'
import { entryFixture } from '../../../test/shared/entryFixture'
import { createReportService } from '../report/reportService'
import { closeDatabase, type WritableDB } from '../store/database'
import { approveEntries } from '../store/decisions'
import { getEntry, insertEntries } from '../store/entries'
import { createSettingsStore } from '../store/settings'
import { upsertSignals } from '../store/signals'
import type { LocalEntry } from '../../shared/domain'

const TOKEN = 'dev-token-alice'
const IDLE = 5
const MERGE = 10

interface WireBody {
  activity_signals: { timestamp: string; app: string; type: string; source_type: string }[]
  idle_threshold_minutes: number
  max_merge_idle_minutes: number
}

describe('approved time without device signals reaches BillOps', () => {
  let server: ReferenceServer
  let db: WritableDB
  let tmp: ReturnType<typeof tempDir>
  let bodies: { method: string; url: string; body: string }[]

  beforeEach(async () => {
    tmp = tempDir()
    db = openTempDb(tmp.dir)
    server = await startReferenceServer({ port: 0 })
    bodies = []
  })
  afterEach(async () => {
    await server.close()
    closeDatabase(db)
    tmp.cleanup()
  })

  const recordingFetch: typeof fetch = async (input, init) => {
    bodies.push({
      method: init?.method ?? 'GET',
      url: String(input),
      body: typeof init?.body === 'string' ? init.body : '',
    })
    return fetch(input, init)
  }
  const ingests = () => bodies.filter((b) => b.method === 'POST').map((b) => JSON.parse(b.body) as WireBody)

  async function syncAll(entries: LocalEntry[], edits: Parameters<typeof approveEntries>[2]) {
    insertEntries(db, entries)
    approveEntries(
      db,
      entries.map((e) => e.id),
      edits,
    )
    const { engine } = createTestEngine(db, server.url, TOKEN, {
      fetch: recordingFetch,
      thresholds: () => ({ idle_threshold_minutes: IDLE, max_merge_idle_minutes: MERGE }),
    })
    return engine.syncUntilSettled({ maxWaitMs: 60_000 })
  }

  /** The minute marks from start to end inclusive, as the seed's timestamps. */
  const everyMinute = (startIso: string, endIso: string) => {
    const out: string[] = []
    for (let t = Date.parse(startIso); t < Date.parse(endIso); t += 60_000)
      out.push(new Date(t).toISOString().replace('.000Z', 'Z'))
    return [...out, endIso]
  }

  it('sends a calendar-only meeting as one calendar signal a minute, and it arrives approved with its exact span and project', async () => {
    const meeting = calendarOnlyFixture('cal-1', '2026-03-02T14:00:00Z', 45)
    const result = await syncAll([meeting], {
      project_id: 'proj-acme',
      client_id: 'client-acme',
      notes: 'Settlement call',
    })
    expect(result.counts).toEqual({ synced: 1, pending: 0, failed: 0, conflicted: 0 })

    const [body] = ingests()
    expect(ingests()).toHaveLength(1)
    expect(body!.activity_signals).toEqual(
      everyMinute('2026-03-02T14:00:00Z', '2026-03-02T14:45:00Z').map((timestamp) => ({
        timestamp,
        app: 'calendar',
        type: 'attested',
        source_type: 'calendar',
      })),
    )
    // the server's own idle detection, on what was sent, sees exactly the approved span
    expect(suggestEntries(body!.activity_signals, IDLE, MERGE).map((e) => [e.started_at, e.ended_at])).toEqual([
      ['2026-03-02T14:00:00Z', '2026-03-02T14:45:00Z'],
    ])

    const all = server.store.allEntries('alice')
    expect(
      all.map((e) => [e.status, e.started_at, e.ended_at, e.duration_minutes, e.project_id, e.client_id, e.notes]),
    ).toEqual([
      ['approved', '2026-03-02T14:00:00Z', '2026-03-02T14:45:00Z', 45, 'proj-acme', 'client-acme', 'Settlement call'],
    ])
    expect(getEntry(db, 'cal-1')).toMatchObject({ sync_state: 'synced', server_ids: [all[0]!.id] })
    // one ingest, one PATCH: nothing sent twice
    expect(bodies.filter((b) => b.method === 'PATCH')).toHaveLength(1)
  })

  it('sends away time the user assigned as manual signals, and it arrives approved with its exact span and project', async () => {
    // A span that does not start on a whole minute, as the away prompt cuts it.
    const away = {
      ...awayAssignedFixture('away-1', '2026-03-03T12:03:17Z', 52),
      ended_at: '2026-03-03T12:55:40Z',
      duration_minutes: 52.38,
    }
    const result = await syncAll([away], { project_id: 'proj-globex', client_id: 'client-globex' })
    expect(result.counts).toEqual({ synced: 1, pending: 0, failed: 0, conflicted: 0 })

    const signals = ingests()[0]!.activity_signals
    expect(new Set(signals.map((s) => `${s.app}/${s.type}/${s.source_type}`))).toEqual(
      new Set(['manual/attested/manual']),
    )
    expect(signals[0]!.timestamp).toBe('2026-03-03T12:03:17Z')
    expect(signals.at(-1)!.timestamp).toBe('2026-03-03T12:55:40Z')
    const gaps = signals.slice(1).map((s, i) => (Date.parse(s.timestamp) - Date.parse(signals[i]!.timestamp)) / 1000)
    expect(Math.max(...gaps)).toBe(60)
    expect(suggestEntries(signals, IDLE, MERGE).map((e) => [e.started_at, e.ended_at])).toEqual([
      ['2026-03-03T12:03:17Z', '2026-03-03T12:55:40Z'],
    ])

    expect(
      server.store
        .allEntries('alice')
        .map((e) => [e.status, e.started_at, e.ended_at, e.duration_minutes, e.project_id, e.client_id]),
    ).toEqual([['approved', '2026-03-03T12:03:17Z', '2026-03-03T12:55:40Z', 52.38, 'proj-globex', 'client-globex']])
  })

  it('fills only the quiet stretches of a meeting with some device signals, so the server makes one entry of it', async () => {
    // A calendar meeting joined with a call: Zoom in front 10:00–10:05 and 10:40–10:44, silent otherwise.
    const start = Date.parse('2026-03-04T10:00:00Z') / 1000
    const device = [0, 60, 120, 180, 240, 300, 2400, 2460, 2520, 2580, 2640].map((t) => ({
      ts: start + t,
      app: 'zoom',
      type: 'mouse_click' as const,
      count: 2,
      title: PRIVATE_MEETING.title,
    }))
    upsertSignals(db, device)
    const joined = calendarOnlyFixture('meet-1', '2026-03-04T10:00:00Z', 60)
    const meeting = {
      ...joined,
      context_data: {
        ...joined.context_data,
        applications: ['zoom'],
        calendar: { ...(joined.context_data.calendar as object), kind: 'meeting' },
      },
    }
    const result = await syncAll([meeting], { project_id: 'proj-acme' })
    expect(result.counts.synced).toBe(1)

    const signals = ingests()[0]!.activity_signals
    // every device signal goes as it is; calendar signals cover 10:06–10:39 and 10:45–11:00 only
    expect(signals.filter((s) => s.app === 'zoom')).toHaveLength(device.length)
    const attested = signals.filter((s) => s.type === 'attested').map((s) => s.timestamp)
    expect(attested).toEqual([
      ...everyMinute('2026-03-04T10:06:00Z', '2026-03-04T10:39:00Z'),
      ...everyMinute('2026-03-04T10:45:00Z', '2026-03-04T11:00:00Z'),
    ])
    expect(signals.every((s) => s.type !== 'attested' || (s.app === 'calendar' && s.source_type === 'calendar'))).toBe(
      true,
    )
    expect(suggestEntries(signals, IDLE, MERGE).map((e) => [e.started_at, e.ended_at])).toEqual([
      ['2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z'],
    ])
    // one server entry: nothing to reject
    expect(server.store.allEntries('alice').map((e) => [e.status, e.started_at, e.ended_at, e.project_id])).toEqual([
      ['approved', '2026-03-04T10:00:00Z', '2026-03-04T11:00:00Z', 'proj-acme'],
    ])
  })

  it('adopts the entry of an attested ingest whose answer was lost, instead of sending it again (server ignoring Idempotency-Key)', async () => {
    server.setFaults({ lostResponseRate: 1, ignoreIdempotencyKey: true })
    insertEntries(db, [calendarOnlyFixture('cal-lost', '2026-03-06T15:00:00Z', 30)])
    approveEntries(db, ['cal-lost'], { project_id: 'proj-acme' })
    const { engine } = createTestEngine(db, server.url, TOKEN, { fetch: recordingFetch })
    const first = await engine.syncOnce()
    expect(first.counts).toEqual({ synced: 0, pending: 1, failed: 0, conflicted: 0 })
    expect(server.stats.lost).toBeGreaterThan(0)
    await server.drainTasks()
    server.setFaults({ lostResponseRate: 0 })
    const settled = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(settled.counts).toEqual({ synced: 1, pending: 0, failed: 0, conflicted: 0 })
    // the signals went out once; the entry they made was found and approved
    expect(ingests()).toHaveLength(1)
    expect(server.stats.tasksCreated).toBe(1)
    expect(server.store.allEntries('alice').map((e) => [e.status, e.started_at, e.ended_at, e.project_id])).toEqual([
      ['approved', '2026-03-06T15:00:00Z', '2026-03-06T15:30:00Z', 'proj-acme'],
    ])
  })

  it('sends an entry its device signals cover exactly as before: no attested signal', async () => {
    seedApproved(db, 2)
    const { engine } = createTestEngine(db, server.url, TOKEN, { fetch: recordingFetch })
    await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(ingests()).toHaveLength(2)
    for (const body of ingests())
      expect(
        body.activity_signals.every((s) => s.type !== 'attested' && s.app !== 'manual' && s.app !== 'calendar'),
      ).toBe(true)
  })

  it('never sends the event title, attendees or calendar details: only timestamps and the kind of evidence', async () => {
    const meeting = calendarOnlyFixture('cal-2', '2026-03-05T09:00:00Z', 30)
    const away = awayAssignedFixture('away-2', '2026-03-05T11:00:00Z', 20)
    await syncAll([meeting, away], { project_id: 'proj-acme', notes: 'Approved note' })
    // both went out (as attested signals), and both were approved
    expect(ingests()).toHaveLength(2)
    expect(server.store.allEntries('alice').map((e) => e.status)).toEqual(['approved', 'approved'])
    const wire = bodies.map((b) => `${b.url}\n${b.body}`).join('\n')
    for (const secret of [
      PRIVATE_MEETING.title,
      PRIVATE_MEETING.attendee,
      PRIVATE_MEETING.domain,
      'evt-cal-2',
      'Calendar only',
      'calendar_only',
      'narrative',
    ]) {
      expect(wire).not.toContain(secret)
    }
    for (const body of ingests()) {
      expect(Object.keys(body).sort()).toEqual(['activity_signals', 'idle_threshold_minutes', 'max_merge_idle_minutes'])
      for (const signal of body.activity_signals)
        expect(Object.keys(signal).sort()).toEqual(['app', 'source_type', 'timestamp', 'type'])
    }
    // the approved notes are the one thing the user chose to send
    expect(
      bodies
        .filter((b) => b.method === 'PATCH')
        .every((b) => (JSON.parse(b.body) as { notes: string }).notes === 'Approved note'),
    ).toBe(true)
  })

  it('counts a synced attested entry as synced in reports, not as an issue', async () => {
    const meeting = calendarOnlyFixture('cal-3', '2026-03-02T09:00:00Z', 30)
    const away = awayAssignedFixture('away-3', '2026-03-03T11:00:00Z', 20)
    const device = entryFixture('dev-3', '2026-03-04T09:00:00Z', 10)
    upsertSignals(db, [
      { ts: Date.parse('2026-03-04T09:00:00Z') / 1000, app: 'vscode', type: 'keyboard', count: 1, title: null },
    ])
    const result = await syncAll([meeting, away, device], { project_id: 'proj-acme' })
    expect(result.counts).toEqual({ synced: 3, pending: 0, failed: 0, conflicted: 0 })
    const settings = createSettingsStore(db, Date.now)
    const report = createReportService({ db, settings: () => settings.get() }).report({
      from: '2026-03-02',
      to: '2026-03-08',
      time_zone: 'Asia/Tokyo',
      by: 'project',
    })
    expect(report.totals.approved_minutes).toBe(60)
    expect(report.totals.synced_minutes).toBe(60)
    expect(report.issues).toEqual([])
  })
})
