import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { insertEntries, listEntries } from '../../store/entries'
import { closeDatabase, openDatabase } from '../../store/database'
import { upsertSignals, type SignalRecord } from '../../store/signals'
import { runCli } from '../runCli'
import { recordingIo } from '../../../../test/support/cliRun'
import { entryFixture } from '../../../../test/shared/entryFixture'

const capture = () => recordingIo()

describe('cli process', () => {
  it('stores pending entries for the signals not yet processed, once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'billops-process-')), 'db.sqlite')
    const db = openDatabase(file)
    const t0 = Date.parse('2024-01-24T09:00:00Z') / 1000
    const signals: SignalRecord[] = [{ ts: t0, app: 'word', type: 'app_focus', count: 1, title: 'Brief.docx' }]
    for (let t = 0; t <= 1800; t += 10)
      signals.push({ ts: t0 + t, app: 'word', type: 'keyboard', count: 1, title: null })
    for (let t = 3600; t <= 5400; t += 10)
      signals.push({ ts: t0 + t, app: 'outlook', type: 'mouse_click', count: 1, title: null })
    upsertSignals(db, signals)
    closeDatabase(db)

    const first = capture()
    expect(await runCli(['process', '--db', file], first.io)).toBe(0)
    expect(JSON.parse(first.out())).toMatchObject({ processed_signals: 363, pending_entries: 2 })

    const second = capture()
    expect(await runCli(['process', '--db', file], second.io)).toBe(0)
    expect(JSON.parse(second.out())).toMatchObject({ processed_signals: 0, pending_entries: 2 })

    const check = openDatabase(file)
    expect(listEntries(check).map((e) => [e.started_at, e.ended_at, e.activity_type, e.status])).toEqual([
      ['2024-01-24T09:00:00Z', '2024-01-24T09:30:00Z', 'writing', 'pending'],
      ['2024-01-24T10:00:00Z', '2024-01-24T10:30:00Z', 'communication', 'pending'],
    ])
    closeDatabase(check)
  })

  it('requires --db', async () => {
    expect(await runCli(['process'], capture().io)).toBe(2)
  })
})

describe('cli process and calendar list: what happened to the meetings', () => {
  const hour = 3_600_000
  const stamp = (ms: number) =>
    new Date(ms)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, 'Z')
  const vevent = (uid: string, startMs: number, endMs: number, summary: string) =>
    [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTAMP:${stamp(startMs)}`,
      `DTSTART:${stamp(startMs)}`,
      `DTEND:${stamp(endMs)}`,
      `SUMMARY:${summary}`,
      'ORGANIZER:mailto:anna@smithlaw.com',
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@ourfirm.com',
      'END:VEVENT',
    ].join('\r\n')

  it('says how many meetings were joined (a call in zoom, one that ended with nothing captured), flagged as worked through, waiting and not ended yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billops-meetings-'))
    const file = join(dir, 'db.sqlite')
    // whole hours, so the meetings line up with the captured minutes
    const base = Math.floor(Date.now() / hour) * hour - 8 * hour
    const calendar = join(dir, 'work.ics')
    writeFileSync(
      calendar,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//BillOps test//meetings//EN',
        vevent('call@test', base, base + hour, 'Smith v. Jones call'), // a call in zoom: joined
        vevent('late@test', base + 6 * hour, base + 7 * hour, 'Late meeting'), // ended, nothing captured since: a calendar-only draft once it ended (#23)
        vevent('next@test', base + 30 * hour, base + 31 * hour, 'Tomorrow'), // not ended
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    )
    const added = capture()
    expect(await runCli(['calendar', 'add', '--db', file, '--ics', calendar, '--me', 'me@ourfirm.com'], added.io)).toBe(
      0,
    )

    const db = openDatabase(file)
    const signals: SignalRecord[] = []
    for (let t = 0; t < 3600; t += 20)
      signals.push({ ts: base / 1000 + t, app: 'zoom', type: 'mouse_click', count: 1, title: null })
    for (let t = 3600; t <= 4 * 3600; t += 20)
      signals.push({ ts: base / 1000 + t, app: 'code', type: 'keyboard', count: 1, title: null })
    // later work closes the entries above (the join happens when an entry is finished)
    for (let t = 5 * 3600; t <= 5.2 * 3600; t += 20)
      signals.push({ ts: base / 1000 + t, app: 'code', type: 'keyboard', count: 1, title: null })
    upsertSignals(db, signals)
    // what the join leaves when focused work filled a meeting (shared/calendar/join.ts)
    const flagged = entryFixture('flagged-1', '2026-03-02T09:00:00Z', 60)
    insertEntries(db, [
      {
        ...flagged,
        context_data: {
          ...flagged.context_data,
          calendar: {
            kind: 'worked_through',
            event_key: 'review@test',
            title: 'Weekly review',
            started_at: flagged.started_at,
            ended_at: flagged.ended_at,
            attendee_domains: [],
          },
        },
      },
    ])
    closeDatabase(db)

    const processed = capture()
    expect(await runCli(['process', '--db', file], processed.io)).toBe(0)
    expect(JSON.parse(processed.out())).toMatchObject({
      meetings: { joined: 2, worked_through: 1, waiting: 0, upcoming: 1 },
    })
    const line =
      'meetings: 2 joined into entries, 1 flagged as worked through (focused work in another app filled them), 0 waiting (ended: the next process joins them; one older than 60 days only once signals of its day are processed), 1 not ended yet\n'
    expect(processed.err()).toBe(line)
    const listed = capture()
    expect(await runCli(['calendar', 'list', '--db', file], listed.io)).toBe(0)
    expect(listed.err()).toBe(line)
  })
})
