// Issue #23 (5), as a user runs it: a week of signals, a calendar with meetings the machine did not
// see (a daily stand-up before work, an offsite, a lunch meeting) and a call with a long quiet
// stretch; `process`, `approve --all-pending`, then `sync` ends with exit 0 and every approved
// entry in BillOps with its exact span. Before #23 the calendar-only ones failed (exit 5).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../../tools/reference-server/server'
import { recordingIo, runCliInProcess } from '../../../../test/support/cliRun'
import { tempDir } from '../../../../test/support/syncFixtures'
import { EXIT_OK } from '../command'
import { runCli } from '../runCli'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
/** iCalendar's UTC form, as Google Calendar exports it: 20260601T140000Z */
const ics = (ms: number) => iso(ms).replace(/[-:]/g, '')

interface LocalRow {
  id: string
  started_at: string
  ended_at: string
  status: string
  sync_state: string
  project_id: string | null
  context_data: { calendar?: { kind: string } }
}

describe('sync of a week with a calendar', () => {
  let tmp: ReturnType<typeof tempDir>
  let server: ReferenceServer
  beforeEach(async () => {
    tmp = tempDir()
    server = await startReferenceServer({ port: 0 })
  })
  afterEach(async () => {
    await server.close()
    tmp.cleanup()
  })

  it('syncs every approved entry, calendar-only meetings included, and exits 0', async () => {
    // The Monday two weeks back (UTC): inside the window the calendar is expanded for today.
    const twoWeeksAgo = new Date(Date.now() - 14 * DAY)
    const monday =
      Date.UTC(twoWeeksAgo.getUTCFullYear(), twoWeeksAgo.getUTCMonth(), twoWeeksAgo.getUTCDate()) -
      ((twoWeeksAgo.getUTCDay() + 6) % 7) * DAY
    const at = (day: number, hours: number) => monday + day * DAY + hours * HOUR

    const signals: { timestamp: string; app: string; type: string; source_type: string }[] = []
    const activity = (from: number, to: number, app: string, type: string, source_type: string) => {
      signals.push({ timestamp: iso(from), app, type: 'app_focus', source_type: 'window' })
      for (let t = from; t < to; t += 30_000) signals.push({ timestamp: iso(t), app, type, source_type })
    }
    for (let day = 0; day < 5; day++) {
      // Tuesday 10–11 at a client's offsite: the laptop stays shut
      if (day === 1) {
        activity(at(day, 9), at(day, 10), 'word', 'keyboard', 'keyboard')
        activity(at(day, 11), at(day, 12), 'word', 'keyboard', 'keyboard')
      } else activity(at(day, 9), at(day, 12), 'word', 'keyboard', 'keyboard')
      // Wednesday 15–16 a Zoom call, mostly listening: input only in its first and last minutes
      if (day === 2) {
        activity(at(day, 13), at(day, 15), 'chrome', 'mouse_click', 'mouse')
        activity(at(day, 15), at(day, 15) + 5 * MIN, 'zoom', 'mouse_click', 'mouse')
        activity(at(day, 15) + 50 * MIN, at(day, 16), 'zoom', 'mouse_click', 'mouse')
        activity(at(day, 16), at(day, 17), 'chrome', 'mouse_click', 'mouse')
      } else activity(at(day, 13), at(day, 17), 'chrome', 'mouse_click', 'mouse')
    }
    const signalsFile = join(tmp.dir, 'week.json')
    writeFileSync(
      signalsFile,
      JSON.stringify({ activity_signals: signals, idle_threshold_minutes: 5, max_merge_idle_minutes: 10 }),
    )

    const event = (uid: string, start: number, end: number, title: string, extra: string[] = []) => [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART:${ics(start)}`,
      `DTEND:${ics(end)}`,
      ...extra,
      `SUMMARY:${title}`,
      'ORGANIZER:mailto:anna@smithlaw.com',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@ourfirm.com',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@jonesco.com',
      'END:VEVENT',
    ]
    const calendarFile = join(tmp.dir, 'work.ics')
    writeFileSync(
      calendarFile,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
        ...event('standup@test', at(0, 8.5), at(0, 8.75), 'Daily stand-up', ['RRULE:FREQ=DAILY;COUNT=5']),
        ...event('offsite@test', at(1, 10), at(1, 11), 'Smith v. Jones offsite'),
        ...event('call@test', at(2, 15), at(2, 16), 'Acme settlement call'),
        ...event('lunch@test', at(3, 12), at(3, 12.75), 'Lunch with Globex GC'),
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    )

    const db = join(tmp.dir, 'time.sqlite')
    expect((await runCliInProcess(['import', '--db', db, '--input', signalsFile])).code).toBe(EXIT_OK)
    expect(
      (await runCliInProcess(['calendar', 'add', '--db', db, '--ics', calendarFile, '--me', 'me@ourfirm.com'])).code,
    ).toBe(EXIT_OK)
    expect((await runCliInProcess(['process', '--db', db])).code).toBe(EXIT_OK)
    const pending = JSON.parse(
      (await runCliInProcess(['entries', '--db', db, '--status', 'pending', '--json'])).stdout,
    ) as LocalRow[]
    const calendarOnly = pending.filter((e) => e.context_data.calendar?.kind === 'calendar_only')
    // five stand-ups, the offsite and the lunch: nothing on the machine confirms them
    expect(calendarOnly.map((e) => [e.started_at, e.ended_at]).sort()).toEqual(
      [
        ...[0, 1, 2, 3, 4].map((day) => [iso(at(day, 8.5)), iso(at(day, 8.75))]),
        [iso(at(1, 10)), iso(at(1, 11))],
        [iso(at(3, 12)), iso(at(3, 12.75))],
      ].sort(),
    )
    expect(
      (
        await runCliInProcess([
          'approve',
          '--db',
          db,
          '--all-pending',
          '--project',
          'smith-v-jones',
          '--client',
          'smith',
        ])
      ).code,
    ).toBe(EXIT_OK)

    const run = recordingIo()
    const code = await runCli(['sync', '--db', db, '--server', server.url, '--quiet'], {
      ...run.io,
      env: { BILLOPS_TOKEN: 'dev-token-alice' },
    })
    expect(code).toBe(EXIT_OK)
    const approved = JSON.parse(
      (await runCliInProcess(['entries', '--db', db, '--status', 'approved', '--json'])).stdout,
    ) as LocalRow[]
    expect(run.err()).toBe(`sync: ok, ${approved.length} sent, 0 imported\n`)
    expect(approved.length).toBe(pending.length)
    expect(JSON.parse(run.out())).toEqual({ synced: approved.length, pending: 0, failed: 0, conflicted: 0 })
    expect(approved.every((e) => e.sync_state === 'synced')).toBe(true)

    // BillOps holds exactly the approved spans, each once, with the project; nothing left to reject
    const onServer = server.store.allEntries('alice')
    expect(onServer.filter((e) => e.status !== 'approved')).toEqual([])
    expect(onServer.map((e) => [e.started_at, e.ended_at, e.project_id]).sort()).toEqual(
      approved.map((e) => [e.started_at, e.ended_at, 'smith-v-jones']).sort(),
    )
    // what left the machine names no meeting and no attendee
    const tasks = server.store.db
      .prepare<[], { request: string }>('SELECT request FROM tasks')
      .all()
      .map((row) => row.request)
    const requests = tasks.join('\n')
    for (const secret of [
      'stand-up',
      'Smith v. Jones',
      'Acme',
      'Globex',
      'ourfirm',
      'jonesco',
      'smithlaw',
      'standup@test',
    ])
      expect(requests).not.toContain(secret)
    expect(requests).toContain('"source_type":"calendar"')
    // the call went as its Zoom signals plus calendar signals across its 45 quiet minutes: one entry
    const call = approved.find((e) => e.context_data.calendar?.kind === 'meeting')!
    expect([call.started_at, call.ended_at]).toEqual([iso(at(2, 15)), iso(at(2, 16))])
    const callSignals = (
      JSON.parse(tasks.find((t) => t.includes('"zoom"'))!) as { activity_signals: { app: string; timestamp: string }[] }
    ).activity_signals
    expect(new Set(callSignals.map((s) => s.app))).toEqual(new Set(['zoom', 'calendar']))
    // 15:05:30 … 15:49:30, a minute apart after the last click at 15:04:30
    expect(callSignals.filter((s) => s.app === 'calendar').map((s) => s.timestamp)).toEqual(
      [...Array(45).keys()].map((i) => iso(at(2, 15) + 5.5 * MIN + i * MIN)),
    )
  })
})
