// The day's last meeting gets its name once it has ended (#23): joined on the next heuristics
// round after its end by the clock, even while its call is still the open, tentative entry and no
// activity follows; later activity then folds after it without undoing the join.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CalendarContext } from '../../shared/calendar/join'
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

const at = (hhmm: string) => Date.parse(`2026-06-01T${hhmm}:00Z`)
function activity(app: string, type: SignalRecord['type'], from: string, to: string, everyS: number): SignalRecord[] {
  const out: SignalRecord[] = [{ ts: at(from) / 1000, app, type: 'app_focus', count: 1, title: null }]
  for (let t = at(from) / 1000 + everyS; t <= at(to) / 1000; t += everyS)
    out.push({ ts: t, app, type, count: 1, title: null })
  return out
}
const describeEntry = (e: LocalEntry) =>
  `${e.started_at.slice(11, 16)}–${e.ended_at.slice(11, 16)} ${e.activity_type} ${(e.context_data.calendar as CalendarContext | undefined)?.title ?? ''}`.trim()
const clock = createManualClock(at('14:30'))
let core: Core

beforeEach(async () => {
  clock.set(at('14:30'))
  core = createCore({
    dbPath: join(mkdtempSync(join(tmpdir(), 'billops-last-meeting-')), 'db.sqlite'),
    logger: silentLogger,
    clock,
    suggestWorkerFactory: createInProcessWorkerFactory(createWorkerLogic),
  })
  // Smith v. Jones – strategy 14:00–15:00 (accepted), Coffee with Acme 16:00–16:30, a declined one at 12:00.
  await core.dispatch('calendar.addFile', {
    name: 'work.ics',
    text: calendarFixture('day-with-meetings.ics'),
    my_emails: ['me@ourfirm.com'],
  })
})
afterEach(async () => core.close())

function expectNoOverlap(entries: readonly LocalEntry[]): void {
  const sorted = [...entries].sort((a, b) => a.started_at.localeCompare(b.started_at))
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.started_at >= sorted[i - 1]!.ended_at).toBe(true)
}

describe('the last meeting of the day', () => {
  it('is named on the first round after it ends, with nothing after it', async () => {
    upsertSignals(core.db, [
      ...activity('word', 'keyboard', '13:00', '13:55', 20),
      ...activity('zoom', 'mouse_click', '14:00', '14:29', 120),
    ])
    await core.suggest.processPending()
    // Still in the call: nothing joined yet.
    expect(listEntries(core.db).filter((e) => e.context_data.calendar)).toEqual([])

    upsertSignals(core.db, activity('zoom', 'mouse_click', '14:30', '14:58', 120))
    clock.set(at('14:59'))
    await core.suggest.processPending()
    expect(listEntries(core.db).filter((e) => e.context_data.calendar)).toEqual([])
    clock.set(at('15:05'))
    await core.suggest.processPending() // no new signals: the clock alone passed the meeting's end
    const entries = listEntries(core.db)
    expect(entries.map(describeEntry)).toEqual(['13:00–14:00 writing', '14:00–15:00 meeting Smith v. Jones – strategy'])
    expectNoOverlap(entries)

    // Work after the meeting folds after it; the meeting keeps its name and span.
    upsertSignals(core.db, activity('word', 'keyboard', '15:10', '15:40', 20))
    clock.set(at('15:45'))
    await core.suggest.processPending()
    const later = listEntries(core.db)
    expect(later.map(describeEntry)).toContain('14:00–15:00 meeting Smith v. Jones – strategy')
    expect(later.filter((e) => e.started_at >= '2026-06-01T15:00:00Z').map((e) => e.activity_type)).toEqual(['writing'])
    expectNoOverlap(later)
  })

  it('with no activity at all becomes a calendar-only draft once it ends', async () => {
    upsertSignals(core.db, activity('word', 'keyboard', '15:10', '15:40', 20))
    clock.set(at('16:20'))
    await core.suggest.processPending()
    expect(
      listEntries(core.db).filter(
        (e) => (e.context_data.calendar as CalendarContext | undefined)?.title === 'Coffee with Acme',
      ),
    ).toEqual([])
    clock.set(at('16:31'))
    await core.suggest.processPending()
    expect(
      listEntries(core.db)
        .filter((e) => (e.context_data.calendar as CalendarContext | undefined)?.title === 'Coffee with Acme')
        .map(describeEntry),
    ).toEqual(['16:00–16:30 meeting Coffee with Acme'])
  })
})
