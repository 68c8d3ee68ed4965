// The away prompt during a calendar meeting (#16), through the core's API.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AwayPeriod } from '../../shared/contract/entries'
import { createManualClock } from '../../../test/support/manualClock'
import { silentLogger } from '../base/logger'
import { listEntries } from '../store/entries'
import { upsertSignals, type SignalRecord } from '../store/signals'
import { createInProcessWorkerFactory } from '../../../test/support/inProcessWorker'
import { createWorkerLogic } from '../suggest/workerLogic'
import { calendarFixture } from '../../../test/support/calendarFixture'
import { createCore, type Core } from './createCore'

const at = (hhmm: string) => Date.parse(`2026-06-01T${hhmm}:00Z`) / 1000
function input(from: string, to: string): SignalRecord[] {
  const out: SignalRecord[] = []
  for (let t = at(from); t <= at(to); t += 5)
    out.push({ ts: t, app: 'vscode', type: 'keyboard', count: 1, title: null })
  return out
}

let core: Core
beforeEach(async () => {
  core = createCore({
    dbPath: join(mkdtempSync(join(tmpdir(), 'billops-calendar-away-')), 'db.sqlite'),
    logger: silentLogger,
    clock: createManualClock(Date.parse('2026-06-01T17:10:00Z')),
    suggestWorkerFactory: createInProcessWorkerFactory(createWorkerLogic),
  })
  core.settings.update({
    classification_rules: [{ id: 'acme', priority: 0, attendee_domain: 'acme.example', client_id: 'client-acme' }],
  })
  await core.dispatch('calendar.addFile', {
    name: 'work.ics',
    text: calendarFixture('day-with-meetings.ics'),
    my_emails: ['me@ourfirm.com'],
  })
  // Away from 15:59 to 16:40: the coffee meeting (16:00–16:30) happened away from the machine.
  upsertSignals(core.db, [...input('15:30', '15:59'), ...input('16:40', '16:45')])
})
afterEach(async () => core.close())

const nextAway = async () => {
  const reply = await core.dispatch('away.next', null)
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.value as AwayPeriod
}

describe('an absence during a calendar meeting', () => {
  it('is offered as that meeting with its rule-given client; keeping it replaces the calendar-only draft, undo brings it back', async () => {
    const away = await nextAway()
    expect(away).toMatchObject({ started_at: '2026-06-01T15:59:01Z', ended_at: '2026-06-01T16:40:00Z' })
    expect(away.meeting).toEqual({
      title: 'Coffee with Acme',
      started_at: '2026-06-01T16:00:00Z',
      ended_at: '2026-06-01T16:30:00Z',
      project_id: null,
      client_id: 'client-acme',
    })

    // The heuristics got there first (the next stretch of work ended at 16:55): a calendar-only draft.
    upsertSignals(core.db, input('16:55', '16:55'))
    await core.suggest.processPending()
    const drafted = listEntries(core.db).filter((e) => e.started_at === '2026-06-01T16:00:00Z')
    expect(
      drafted.map((e) => [e.source, e.context_data.reasons.includes('Calendar only: no activity on this machine')]),
    ).toEqual([['auto', true]])

    const decided = await core.dispatch('away.decide', {
      decision: 'assign',
      started_at: away.started_at,
      ended_at: away.ended_at,
      project_id: null,
      client_id: 'client-acme',
      activity_type: 'meeting',
      notes: null,
    })
    expect(decided).toMatchObject({ ok: true, value: { removed_ids: drafted.map((e) => e.id) } })
    const afternoon = () =>
      listEntries(core.db).filter((e) => e.activity_type === 'meeting' && e.started_at >= '2026-06-01T15:30:00Z')
    const meetings = afternoon()
    expect(meetings.map((e) => [e.started_at, e.ended_at, e.source, e.client_id])).toEqual([
      ['2026-06-01T15:59:01Z', '2026-06-01T16:40:00Z', 'manual', 'client-acme'],
    ])

    await core.dispatch('review.undo', null)
    expect(afternoon().map((e) => [e.started_at, e.source])).toEqual([['2026-06-01T16:00:00Z', 'auto']])
  })
})
