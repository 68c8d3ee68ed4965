// Calendars serve any date (#23), through the real CLI and worker threads: a calendar of two years
// ago, then a history import of that period, gives meetings named after the calendar — the day's
// last one included, with no activity after it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CalendarContext } from '../../../shared/calendar/join'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runCliInProcess } from '../../../../test/support/cliRun'
import { CALENDAR_FIXTURES } from '../../../../test/support/calendarFixture'
import { closeDatabase, openDatabase } from '../../store/database'
import { listEntries } from '../../store/entries'
import { EXIT_OK } from '../command'

let dir: string
let db: string
const zone = process.env.TZ
// A zone the calendar (America/New_York) does not use.
beforeAll(() => {
  process.env.TZ = 'Asia/Tokyo'
})
afterAll(() => {
  process.env.TZ = zone
})
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billops-calendar-history-'))
  db = join(dir, 'db.sqlite')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const PAST_CALENDAR = join(CALENDAR_FIXTURES, 'past-2024-new-york.ics')

/** A seed ingest request (the contract's shape) for Monday 4 March 2024, UTC. */
function seedRequestOfThatDay(): string {
  const signals: Array<{ timestamp: string; app: string; type: string; source_type: string }> = []
  const at = (hhmm: string, plusSeconds = 0) =>
    new Date(Date.parse(`2024-03-04T${hhmm}:00Z`) + plusSeconds * 1000).toISOString().replace('.000Z', 'Z')
  const typing = (app: string, from: string, minutes: number) => {
    signals.push({ timestamp: at(from), app, type: 'app_focus', source_type: 'window' })
    for (let s = 30; s < minutes * 60; s += 30)
      signals.push({ timestamp: at(from, s), app, type: 'keyboard', source_type: 'keyboard' })
  }
  const call = (from: string, minutes: number) => {
    signals.push({ timestamp: at(from), app: 'zoom', type: 'app_focus', source_type: 'window' })
    for (let s = 180; s < minutes * 60; s += 180)
      signals.push({ timestamp: at(from, s), app: 'zoom', type: 'mouse_click', source_type: 'mouse' })
  }
  typing('word', '14:00', 60)
  call('15:00', 60) // Smith v. Jones – weekly strategy, 10:00–11:00 New York (EST)
  typing('word', '16:00', 60)
  call('20:00', 60) // Deposition prep (moved), 15:00–16:00 New York: the day's last activity
  return JSON.stringify({ activity_signals: signals, idle_threshold_minutes: 5, max_merge_idle_minutes: 10 })
}

describe('a calendar of two years ago', () => {
  it('says what it holds when added, and names the meetings of an imported history of that period', async () => {
    const added = await runCliInProcess([
      'calendar',
      'add',
      '--db',
      db,
      '--ics',
      PAST_CALENDAR,
      '--me',
      'me@ourfirm.com',
    ])
    expect(added.code).toBe(EXIT_OK)
    expect(JSON.parse(added.stdout)).toMatchObject({
      event_count: 0,
      contents: {
        events: 2,
        first_start_at: '2024-01-08T15:00:00Z',
        last_end_at: '2024-06-24T15:00:00Z',
        open_ended: false,
      },
      expansion_cut_short: 0,
    })
    expect(added.stderr).toMatch(/its 2 events run from 2024-01-08 to 2024-06-24, none in the weeks around today/)

    const input = join(dir, 'seed-request.json')
    writeFileSync(input, seedRequestOfThatDay())
    expect((await runCliInProcess(['import', '--db', db, '--input', input])).code).toBe(EXIT_OK)
    expect((await runCliInProcess(['process', '--db', db])).code).toBe(EXIT_OK)

    const store = openDatabase(db)
    const meetings = listEntries(store)
      .filter((entry) => entry.context_data.calendar)
      .map((entry) => [
        entry.started_at,
        entry.ended_at,
        entry.activity_type,
        (entry.context_data.calendar as CalendarContext | undefined)?.title,
      ])
    closeDatabase(store)
    expect(meetings).toEqual([
      ['2024-03-04T15:00:00Z', '2024-03-04T16:00:00Z', 'meeting', 'Smith v. Jones – weekly strategy'],
      ['2024-03-04T20:00:00Z', '2024-03-04T21:00:00Z', 'meeting', 'Deposition prep (moved)'],
    ])
    // The calendar now holds that period's occurrences (cached per week).
    const listed = JSON.parse((await runCliInProcess(['calendar', 'list', '--db', db])).stdout) as Array<{
      event_count: number
    }>
    expect(listed[0]?.event_count).toBeGreaterThan(0)
  })
})

describe('a history import inside a calendar meeting of two years ago', () => {
  /** Word during the 4 March 2024 strategy call (15:00–16:00 UTC), with a 15-minute quiet stretch in the middle. */
  function quietMeetingRequest(): string {
    const signals: Array<{ timestamp: string; app: string; type: string; source_type: string }> = []
    const at = (minute: number) =>
      new Date(Date.parse('2024-03-04T15:00:00Z') + minute * 60_000).toISOString().replace('.000Z', 'Z')
    signals.push({ timestamp: at(0), app: 'word', type: 'app_focus', source_type: 'window' })
    for (let m = 0.5; m <= 20; m += 0.5)
      signals.push({ timestamp: at(m), app: 'word', type: 'keyboard', source_type: 'keyboard' })
    for (let m = 35; m <= 55; m += 0.5)
      signals.push({ timestamp: at(m), app: 'word', type: 'keyboard', source_type: 'keyboard' })
    return JSON.stringify({ activity_signals: signals, idle_threshold_minutes: 5, max_merge_idle_minutes: 10 })
  }
  async function entriesOfTheCall(withCalendar: boolean): Promise<string[]> {
    if (withCalendar)
      expect(
        (await runCliInProcess(['calendar', 'add', '--db', db, '--ics', PAST_CALENDAR, '--me', 'me@ourfirm.com'])).code,
      ).toBe(EXIT_OK)
    const input = join(dir, 'quiet-call.json')
    writeFileSync(input, quietMeetingRequest())
    expect((await runCliInProcess(['import', '--db', db, '--input', input])).code).toBe(EXIT_OK)
    expect((await runCliInProcess(['process', '--db', db])).code).toBe(EXIT_OK)
    const store = openDatabase(db)
    // The call's hour only (the calendar also drafts that day's later meeting, which had no activity).
    const entries = listEntries(store)
      .filter((entry) => entry.started_at < '2024-03-04T16:00:00Z' && entry.ended_at > '2024-03-04T15:00:00Z')
      .map((entry) => `${entry.started_at.slice(11, 16)}–${entry.ended_at.slice(11, 16)}`)
    closeDatabase(store)
    return entries
  }

  it('keeps the quiet stretch inside the meeting, as it would live: the 2024 occurrence is expanded for the presence model too', async () => {
    // Without the calendar the quiet stretch is idle: the work splits in two.
    expect(await entriesOfTheCall(false)).toHaveLength(2)
    for (const file of [db, `${db}-wal`, `${db}-shm`]) rmSync(file, { force: true })
    expect(await entriesOfTheCall(true)).toEqual(['15:00–15:55'])
  })
})
