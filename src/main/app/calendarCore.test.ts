// Calendar meetings through the whole core: a calendar added through the API, signals in the
// store, one heuristics round in the worker logic, entries in the review queue.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LocalEntry } from '../../shared/domain'
import { createManualClock } from '../../../test/support/manualClock'
import { silentLogger } from '../base/logger'
import { upsertSignals, type SignalRecord } from '../store/signals'
import { listEntries } from '../store/entries'
import { createInProcessWorkerFactory } from '../../../test/support/inProcessWorker'
import { createWorkerLogic } from '../suggest/workerLogic'
import { calendarFixture } from '../../../test/support/calendarFixture'
import { createCore, type Core } from './createCore'

const at = (hhmm: string) => Date.parse(`2026-06-01T${hhmm}:00Z`) / 1000
function input(app: string, from: string, to: string, everyS: number): SignalRecord[] {
  const out: SignalRecord[] = []
  for (let t = at(from); t <= at(to); t += everyS) out.push({ ts: t, app, type: 'keyboard', count: 1, title: null })
  return out
}
const span = (e: LocalEntry) => `${e.started_at.slice(11, 16)}–${e.ended_at.slice(11, 16)} ${e.activity_type}`

let core: Core
beforeEach(async () => {
  core = createCore({
    dbPath: join(mkdtempSync(join(tmpdir(), 'billops-calendar-')), 'db.sqlite'),
    logger: silentLogger,
    clock: createManualClock(Date.parse('2026-06-01T19:00:00Z')),
    suggestWorkerFactory: createInProcessWorkerFactory(createWorkerLogic),
  })
  core.settings.update({
    classification_rules: [{ id: 'smith', priority: 0, attendee_domain: 'smithlaw.com', client_id: 'client-smith' }],
  })
  const added = await core.dispatch('calendar.addFile', {
    name: 'work.ics',
    text: calendarFixture('day-with-meetings.ics'),
    my_emails: ['me@ourfirm.com'],
  })
  expect(added).toMatchObject({ ok: true, value: { event_count: 3 } })
  upsertSignals(core.db, [
    ...input('vscode', '12:00', '13:00', 5),
    ...input('zoom', '14:03', '14:57', 30),
    ...input('vscode', '17:00', '17:40', 5),
  ])
  // The fold closes the entries around a meeting when the next stretch of work ends (an idle gap).
  upsertSignals(core.db, input('vscode', '17:50', '17:50', 5))
})
afterEach(async () => core.close())

describe('calendar meetings joined by the heuristics', () => {
  it('become a call-backed meeting with its attendee-derived client and a calendar-only draft; a declined one is skipped', async () => {
    await core.suggest.processPending()
    const entries = listEntries(core.db)
    expect(entries.map(span)).toEqual([
      '12:00–13:00 focused_work',
      '14:00–15:00 meeting',
      '16:00–16:30 meeting',
      '17:00–17:50 focused_work',
    ])
    const [, call, coffee] = entries
    expect(call?.client_id).toBe('client-smith')
    expect(call?.context_data.reasons).toContain("Calendar: 'Smith v. Jones – strategy' 14:00–15:00")
    expect(coffee?.context_data.reasons).toContain('Calendar only: no activity on this machine')
    expect(coffee?.context_data.confidence).toBeLessThan(core.settings.get().verify_confidence_threshold)
  })

  it('joins a meeting once: a rejected calendar draft does not come back', async () => {
    await core.suggest.processPending()
    const coffee = listEntries(core.db).find((e) => e.started_at === '2026-06-01T16:00:00Z')
    expect(await core.dispatch('review.reject', { ids: [coffee?.id ?? ''] })).toMatchObject({ ok: true })
    upsertSignals(core.db, input('vscode', '18:00', '18:10', 5))
    await core.suggest.processPending()
    const after = listEntries(core.db)
    expect(after.filter((e) => e.started_at === '2026-06-01T16:00:00Z').map((e) => e.status)).toEqual(['rejected'])
    expect(after.filter((e) => e.activity_type === 'meeting')).toHaveLength(2)
  })

  it('learns the client of a meeting from approved meetings with the same attendee domain', async () => {
    core.settings.update({ classification_rules: [] })
    await core.suggest.processPending()
    const first = listEntries(core.db).find((e) => e.started_at === '2026-06-01T14:00:00Z')
    expect(first?.client_id).toBeNull()
    expect(
      await core.dispatch('review.update', { id: first?.id ?? '', changes: { client_id: 'client-smith' } }),
    ).toMatchObject({ ok: true })
    await core.dispatch('review.approve', { ids: [first?.id ?? ''] })
    const nextWeek = calendarFixture('day-with-meetings.ics')
      .replaceAll('20260601', '20260602')
      .replaceAll('@test', '@test-2')
    await core.dispatch('calendar.addFile', { name: 'next.ics', text: nextWeek, my_emails: ['me@ourfirm.com'] })
    ;(core.clock as ReturnType<typeof createManualClock>).set(Date.parse('2026-06-02T19:00:00Z'))
    // Work the next day closes the entries around its meetings.
    const day2 = (s: SignalRecord) => ({ ...s, ts: s.ts + 86_400 })
    upsertSignals(core.db, [...input('vscode', '17:00', '17:10', 5), ...input('vscode', '17:30', '17:30', 5)].map(day2))
    await core.suggest.processPending()
    const second = listEntries(core.db).find((e) => e.started_at === '2026-06-02T14:00:00Z')
    expect(second?.client_id).toBe('client-smith')
    expect(second?.context_data.reasons).toContain('Resembles 1 approved meeting with smithlaw.com')
  })

  it('re-applies changed rules to untouched calendar suggestions, not to ones the user approved', async () => {
    await core.suggest.processPending()
    const byStart = (iso: string) => listEntries(core.db).find((e) => e.started_at === iso)
    await core.dispatch('review.approve', { ids: [byStart('2026-06-01T14:00:00Z')?.id ?? ''] })
    core.settings.update({
      classification_rules: [
        { id: 'smith', priority: 0, attendee_domain: 'smithlaw.com', client_id: 'client-other' },
        { id: 'acme', priority: 0, attendee_domain: 'acme.example', client_id: 'client-acme', project_id: 'coffee' },
      ],
    })
    await core.suggest.reapplyRules()
    expect(byStart('2026-06-01T14:00:00Z')?.client_id).toBe('client-smith')
    const coffee = byStart('2026-06-01T16:00:00Z')
    expect([coffee?.client_id, coffee?.project_id, coffee?.context_data.suggestion_source]).toEqual([
      'client-acme',
      'coffee',
      'rule',
    ])
    expect(coffee?.context_data.reasons).toContain("Rule 'acme' matched (attendee from acme.example)")
    expect(coffee?.context_data.confidence).toBeLessThan(core.settings.get().verify_confidence_threshold)
  })
})
