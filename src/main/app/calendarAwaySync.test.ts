// Issue #23 (5) from end to end in the core: the away prompt's assigned time and the heuristics'
// calendar-only draft, both approved in review, reach the reference BillOps server as approved
// entries with their exact spans, project and client — and nothing of the calendar goes with them.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AwayPeriod } from '../../shared/contract/entries'
import { startReferenceServer, type ReferenceServer } from '../../../tools/reference-server/server'
import { calendarFixture } from '../../../test/support/calendarFixture'
import { createTestEngine } from '../../../test/support/syncFixtures'
import { createManualClock } from '../../../test/support/manualClock'
import { silentLogger } from '../base/logger'
import { listEntries } from '../store/entries'
import { upsertSignals, type SignalRecord } from '../store/signals'
import { createInProcessWorkerFactory } from '../../../test/support/inProcessWorker'
import { createWorkerLogic } from '../suggest/workerLogic'
import { createCore, type Core } from './createCore'

const at = (hhmm: string) => Date.parse(`2026-06-01T${hhmm}:00Z`) / 1000
function typing(from: string, to: string): SignalRecord[] {
  const out: SignalRecord[] = []
  for (let t = at(from); t <= at(to); t += 5)
    out.push({ ts: t, app: 'vscode', type: 'keyboard', count: 1, title: 'Smith v. Jones – draft.docx' })
  return out
}

let core: Core
let server: ReferenceServer
beforeEach(async () => {
  server = await startReferenceServer({ port: 0 })
  core = createCore({
    dbPath: join(mkdtempSync(join(tmpdir(), 'billops-away-sync-')), 'db.sqlite'),
    logger: silentLogger,
    clock: createManualClock(Date.parse('2026-06-01T17:10:00Z')),
    suggestWorkerFactory: createInProcessWorkerFactory(createWorkerLogic),
  })
  await core.dispatch('calendar.addFile', {
    name: 'work.ics',
    text: calendarFixture('day-with-meetings.ics'),
    my_emails: ['me@ourfirm.com'],
  })
  // Away from 15:59 to 16:40 (the coffee meeting, 16:00–16:30, happened away from the machine);
  // nothing at all on the machine during the 14:00–15:00 strategy meeting.
  upsertSignals(core.db, [...typing('13:00', '13:30'), ...typing('15:30', '15:59'), ...typing('16:40', '16:55')])
})
afterEach(async () => {
  await core.close()
  await server.close()
})

async function call<T>(method: string, input: unknown): Promise<T> {
  const reply = await core.dispatch(method as never, input as never)
  if (!reply.ok) throw new Error(reply.error.message)
  return reply.value as T
}

describe('approved time the machine did not see, synced', () => {
  it('sends the assigned away time and the calendar-only meeting; both arrive approved with their exact spans and project', async () => {
    await core.suggest.processPending()
    const away = await call<AwayPeriod>('away.next', null)
    expect([away.started_at, away.ended_at]).toEqual(['2026-06-01T15:59:01Z', '2026-06-01T16:40:00Z'])
    await call('away.decide', {
      decision: 'assign',
      started_at: away.started_at,
      ended_at: away.ended_at,
      project_id: 'proj-coffee',
      client_id: 'client-acme',
      activity_type: 'meeting',
      notes: 'Coffee: scope of the engagement',
    })

    const entries = listEntries(core.db)
    const assigned = entries.find((e) => e.source === 'manual')!
    const strategy = entries.find(
      (e) =>
        (e.context_data.calendar as { kind?: string } | undefined)?.kind === 'calendar_only' &&
        e.started_at === '2026-06-01T14:00:00Z',
    )!
    expect([strategy.started_at, strategy.ended_at]).toEqual(['2026-06-01T14:00:00Z', '2026-06-01T15:00:00Z'])
    await call('review.update', { id: strategy.id, changes: { project_id: 'proj-smith', client_id: 'client-smith' } })
    await call('review.approve', { ids: [assigned.id, strategy.id] })

    const bodies: string[] = []
    const recording: typeof fetch = async (input, init) => {
      bodies.push(`${String(input)}\n${typeof init?.body === 'string' ? init.body : ''}`)
      return fetch(input, init)
    }
    const { engine } = createTestEngine(core.db, server.url, 'dev-token-alice', { fetch: recording })
    const result = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(result.counts).toEqual({ synced: 2, pending: 0, failed: 0, conflicted: 0 })

    expect(
      server.store
        .allEntries('alice')
        .map((e) => [e.status, e.started_at, e.ended_at, e.project_id, e.client_id, e.notes])
        .sort(),
    ).toEqual([
      ['approved', '2026-06-01T14:00:00Z', '2026-06-01T15:00:00Z', 'proj-smith', 'client-smith', null],
      [
        'approved',
        '2026-06-01T15:59:01Z',
        '2026-06-01T16:40:00Z',
        'proj-coffee',
        'client-acme',
        'Coffee: scope of the engagement',
      ],
    ])
    const ingests = bodies
      .filter((b) => b.includes('activity_signals'))
      .map(
        (b) =>
          JSON.parse(b.slice(b.indexOf('\n') + 1)) as {
            activity_signals: { app: string; type: string; source_type: string }[]
          },
      )
    const kinds = ingests
      .map((body) => [...new Set(body.activity_signals.map((s) => `${s.app}/${s.type}/${s.source_type}`))])
      .sort()
    expect(kinds).toEqual([['calendar/attested/calendar'], ['manual/attested/manual']])
    // the approved notes are the only words sent; no title, attendee or organiser
    const wire = bodies.join('\n')
    for (const secret of ['Smith v. Jones', 'Coffee with Acme', 'ourfirm', 'draft.docx', '@'])
      expect(wire).not.toContain(secret)
  })
})
