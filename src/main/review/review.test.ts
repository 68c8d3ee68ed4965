import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  billedMinutes,
  MAX_CHANGED_IDS,
  type MethodName,
  type MethodOutput,
  type MethodInput,
} from '../../shared/contract'
import { createManualClock } from '../../../test/support/manualClock'
import { createCore, type Core } from '../app/createCore'
import { getEntry, insertEntries, listEntries } from '../store/entries'
import { silentLogger } from '../base/logger'
import { pendingEntry } from '../../../test/support/reviewTestSupport'
import { upsertSignals } from '../store/signals'
import type { SignalType } from '../../shared/domain'

let dir: string
let core: Core
const clock = createManualClock(Date.parse('2026-03-02T18:00:00Z'))

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value as MethodOutput<M>
}
async function failure(method: MethodName, input: unknown): Promise<string> {
  const result = await core.dispatch(method, input)
  if (result.ok) throw new Error(`${method} unexpectedly succeeded`)
  return result.error.code
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billops-review-'))
  core = createCore({ dbPath: join(dir, 'app.db'), clock, logger: silentLogger })
})
afterEach(async () => {
  await core.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('billedMinutes', () => {
  it('rounds each entry up to the next increment, and exact minutes without one', () => {
    expect(billedMinutes(7, 6)).toBe(12)
    expect(billedMinutes(12, 6)).toBe(12)
    expect(billedMinutes(16, 15)).toBe(30)
    expect(billedMinutes(7.4, 0)).toBe(7)
    expect(billedMinutes(0, 15)).toBe(0)
  })
})

describe('review queue', () => {
  it('lists pending entries newest first with billed duration and the verification flag', async () => {
    const older = pendingEntry('2026-03-01T09:00:00Z', 7)
    const newer = pendingEntry('2026-03-02T09:00:00Z', 20, {
      context_data: { confidence: 0.3, applications: ['chrome'], primary_activity: 'mixed', reasons: ['mixed apps'] },
    })
    const approved = pendingEntry('2026-03-02T11:00:00Z', 20, { status: 'approved' })
    insertEntries(core.db, [older, newer, approved])
    await call('settings.update', { billing_increment_minutes: 6 })
    const page = await call('review.listPending', { after: null, limit: 10 })
    expect(page.total).toBe(2)
    expect(page.entries.map((e) => e.id)).toEqual([newer.id, older.id])
    expect(page.entries[1]!.billed_minutes).toBe(12)
    expect(page.entries[0]!.needs_verification).toBe(true)
    expect(page.entries[1]!.needs_verification).toBe(false)
    expect(page.next).toBeNull()
    const first = await call('review.listPending', { after: null, limit: 1 })
    expect(first.entries.map((e) => e.id)).toEqual([newer.id])
    // approving the first page's entry must not make the next page skip one
    await call('review.approve', { ids: [newer.id] })
    const second = await call('review.listPending', { after: first.next, limit: 1 })
    expect(second.entries.map((e) => e.id)).toEqual([older.id])
  })

  it('gives entries by id as the queue shows them, whatever their status, leaving out ids that no longer exist', async () => {
    const pending = pendingEntry('2026-03-02T09:00:00Z', 7)
    const approved = pendingEntry('2026-03-02T11:00:00Z', 20, { status: 'approved' })
    insertEntries(core.db, [pending, approved])
    await call('settings.update', { billing_increment_minutes: 6 })
    const { entries } = await call('review.getEntries', { ids: [approved.id, 'gone', pending.id] })
    expect(entries.map((e) => [e.id, e.status, e.billed_minutes])).toEqual([
      [approved.id, 'approved', 24],
      [pending.id, 'pending', 12],
    ])
    expect(await failure('review.getEntries', { ids: [] })).toBe('invalid_input')
    expect(
      await failure('review.getEntries', { ids: Array.from({ length: MAX_CHANGED_IDS + 1 }, (_, i) => `e${i}`) }),
    ).toBe('invalid_input')
  })

  it('approves and rejects, updates the pending count, and undo reopens', async () => {
    const a = pendingEntry('2026-03-02T09:00:00Z', 30)
    const b = pendingEntry('2026-03-02T10:00:00Z', 30)
    insertEntries(core.db, [a, b])
    const approved = await call('review.approve', { ids: [a.id] })
    expect(approved.decided).toEqual([{ id: a.id, status: 'approved', sync_state: 'queued' }])
    await call('review.reject', { ids: [b.id] })
    expect(core.status().pending_count).toBe(0)
    expect(await failure('review.approve', { ids: [a.id] })).toBe('conflict')
    const undo = await call('review.undo', null)
    expect(undo.undone).toBe('Rejected 1 entry')
    expect(getEntry(core.db, b.id)!.status).toBe('pending')
    await call('review.undo', null)
    expect(getEntry(core.db, a.id)!.status).toBe('pending')
    expect((await call('review.undo', null)).undone).toBeNull()
  })

  it('approving queues the entry for sync and undo takes it back out of the outbox', async () => {
    const a = pendingEntry('2026-03-02T09:00:00Z', 30)
    insertEntries(core.db, [a])
    const liveItems = () =>
      core.db.prepare("SELECT count(*) AS n FROM outbox WHERE entry_id = ? AND state = 'queued'").get(a.id) as {
        n: number
      }
    await call('review.approve', { ids: [a.id] })
    expect(getEntry(core.db, a.id)!.sync_state).toBe('queued')
    expect(liveItems().n).toBe(1)
    await call('review.undo', null)
    expect(liveItems().n).toBe(0)
    expect(getEntry(core.db, a.id)!.status).toBe('pending')
  })

  it('edits mark the entry as touched by the user, recompute duration, and undo restores it', async () => {
    const a = pendingEntry('2026-03-02T09:00:00Z', 30)
    insertEntries(core.db, [a])
    const change = await call('review.update', {
      id: a.id,
      changes: {
        project_id: 'acme',
        notes: 'contract review',
        ended_at: '2026-03-02T10:00:00Z',
        activity_type: 'research',
      },
    })
    expect(change.entries[0]).toMatchObject({
      project_id: 'acme',
      notes: 'contract review',
      duration_minutes: 60,
      user_touched: true,
      activity_type: 'research',
    })
    expect(getEntry(core.db, a.id)!.user_touched).toBe(true)
    expect(await failure('review.update', { id: a.id, changes: { ended_at: '2026-03-02T08:00:00Z' } })).toBe(
      'invalid_input',
    )
    await call('review.undo', null)
    expect(getEntry(core.db, a.id)).toMatchObject({ project_id: null, duration_minutes: 30, user_touched: false })
  })

  it('splits an entry at a time into two touched entries; undo joins them again', async () => {
    const a = pendingEntry('2026-03-02T09:00:00Z', 60)
    insertEntries(core.db, [a])
    expect(await failure('review.split', { id: a.id, at: '2026-03-02T11:00:00Z' })).toBe('invalid_input')
    const change = await call('review.split', { id: a.id, at: '2026-03-02T09:20:00Z' })
    expect(change.entries.map((e) => e.duration_minutes)).toEqual([20, 40])
    expect(listEntries(core.db, { status: 'pending' })).toHaveLength(2)
    const undo = await call('review.undo', null)
    expect(undo.removed_ids).toEqual([change.entries[1]!.id])
    expect(listEntries(core.db, { status: 'pending' }).map((e) => e.duration_minutes)).toEqual([60])
  })

  it('merges adjacent entries only, and undo brings back the originals', async () => {
    const a = pendingEntry('2026-03-02T09:00:00Z', 30, { notes: 'draft' })
    const b = pendingEntry('2026-03-02T09:35:00Z', 25, {
      project_id: 'acme',
      context_data: { confidence: 0.4, applications: ['word'], primary_activity: 'writing', reasons: [] },
    })
    const c = pendingEntry('2026-03-02T10:00:00Z', 30)
    insertEntries(core.db, [a, b, c])
    expect(await failure('review.merge', { ids: [a.id, c.id] })).toBe('invalid_input')
    const change = await call('review.merge', { ids: [b.id, a.id] })
    expect(change.removed_ids).toEqual([b.id])
    expect(change.entries[0]).toMatchObject({
      id: a.id,
      started_at: a.started_at,
      ended_at: b.ended_at,
      duration_minutes: 60,
      project_id: 'acme',
      notes: 'draft',
    })
    expect(change.entries[0]!.context_data.applications).toEqual(['vscode', 'word'])
    await call('review.undo', null)
    expect(getEntry(core.db, b.id)).toMatchObject({ project_id: 'acme', duration_minutes: 25 })
    expect(getEntry(core.db, a.id)).toMatchObject({ ended_at: a.ended_at })
  })
  it('refuses to merge entries that came from the BillOps server, so none is left undecided there', async () => {
    const local = pendingEntry('2026-03-02T09:00:00Z', 30)
    const fromServer = pendingEntry('2026-03-02T09:30:00Z', 30, { source: 'server', server_ids: ['srv-1'] })
    insertEntries(core.db, [local, fromServer])
    expect(await failure('review.merge', { ids: [local.id, fromServer.id] })).toBe('invalid_input')
    expect(listEntries(core.db, { status: 'pending' })).toHaveLength(2)
  })
})

describe('away prompt and timeline', () => {
  function signal(iso: string, app: string, type: SignalType = 'keyboard') {
    upsertSignals(core.db, [{ ts: Math.floor(Date.parse(iso) / 1000), app, type, count: 3, title: null }])
  }
  beforeEach(() => {
    signal('2026-03-02T16:00:00Z', 'vscode')
    signal('2026-03-02T16:00:30Z', 'vscode')
    signal('2026-03-02T16:01:00Z', 'lock', 'lock')
    // back 40 minutes later
    signal('2026-03-02T16:41:00Z', 'chrome', 'mouse_click')
    signal('2026-03-02T16:43:00Z', 'chrome', 'mouse_click')
  })

  it('asks only about the latest absence, not about older ones', async () => {
    signal('2026-03-02T17:00:00Z', 'chrome', 'mouse_click')
    const latest = await call('away.next', null)
    expect(latest).toMatchObject({ started_at: '2026-03-02T16:43:01Z', ended_at: '2026-03-02T17:00:00Z' })
    await call('away.decide', { decision: 'discard', started_at: latest!.started_at, ended_at: latest!.ended_at })
    expect(await call('away.next', null)).toBeNull()
  })

  it('asks about an absence longer than the idle threshold, once', async () => {
    const away = await call('away.next', null)
    expect(away).toMatchObject({
      started_at: '2026-03-02T16:00:31Z',
      ended_at: '2026-03-02T16:41:00Z',
      minutes: 40,
      last_app: 'vscode',
    })
    await call('away.decide', { decision: 'discard', started_at: away!.started_at, ended_at: away!.ended_at })
    expect(await call('away.next', null)).toBeNull()
    await call('review.undo', null)
    expect(await call('away.next', null)).not.toBeNull()
  })

  it('does not ask about 25 quiet minutes in a meeting app (meeting threshold 30), but does in an editor', async () => {
    core.db.exec('DELETE FROM signals')
    signal('2026-03-02T16:00:00Z', 'zoom', 'app_focus')
    signal('2026-03-02T16:25:00Z', 'zoom', 'mouse_click')
    expect(await call('away.next', null)).toBeNull()
    core.db.exec("UPDATE signals SET app = 'vscode'")
    expect(await call('away.next', null)).toMatchObject({ minutes: 25, last_app: 'vscode' })
  })

  it('keeps away time on the previous entry or assigns it to a new one', async () => {
    const prev = pendingEntry('2026-03-02T15:30:00Z', 31)
    insertEntries(core.db, [prev])
    const away = (await call('away.next', null))!
    expect(away.previous_entry_id).toBe(prev.id)
    const kept = await call('away.decide', { decision: 'keep', started_at: away.started_at, ended_at: away.ended_at })
    expect(kept.entries[0]).toMatchObject({ id: prev.id, ended_at: away.ended_at, user_touched: true })
    await call('review.undo', null)
    const assigned = await call('away.decide', {
      decision: 'assign',
      started_at: away.started_at,
      ended_at: away.ended_at,
      project_id: 'acme',
      client_id: null,
      notes: 'call with client',
    })
    expect(assigned.entries[0]).toMatchObject({
      project_id: 'acme',
      notes: 'call with client',
      activity_type: 'meeting',
      source: 'manual',
      duration_minutes: 40.48,
    })
    expect(getEntry(core.db, prev.id)!.ended_at).toBe(prev.ended_at)
  })

  it('draws activity, away time and entries of the day on one axis', async () => {
    const prev = pendingEntry('2026-03-02T15:30:00Z', 31)
    insertEntries(core.db, [prev])
    const timeline = await call('timeline.day', { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' })
    expect(timeline.entries.map((e) => e.id)).toEqual([prev.id])
    expect(timeline.activity.map((s) => [s.kind, s.app])).toEqual([
      ['active', 'vscode'],
      ['away', null],
      ['active', 'chrome'],
      ['idle', null],
      ['active', 'chrome'],
    ])
  })
})

describe('projects', () => {
  it('creates projects and clients with readable ids and lists them by name', async () => {
    const client = await call('clients.save', { name: 'Acme Corp' })
    expect(client.id).toBe('acme-corp')
    await call('projects.save', { name: 'Zeta audit', client_id: client.id })
    const again = await call('projects.save', { name: 'Zeta audit', client_id: null })
    expect(again.id).toBe('zeta-audit-2')
    await call('projects.save', { name: 'alpha', client_id: 'free-typed' })
    const list = await call('projects.list', null)
    expect(list.projects.map((p) => p.name)).toEqual(['alpha', 'Zeta audit', 'Zeta audit'])
    expect(list.clients.map((c) => c.id).sort()).toEqual(['acme-corp', 'free-typed'])
  })
})
