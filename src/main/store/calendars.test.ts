import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CalendarEventInstance } from '../../shared/calendar/types'
import { toExpandedEvents, type FileSummary } from '../../shared/calendar/expander'
import { createCalendarRepository, unjoinedEventsEndingBetween } from './calendars'
import { closeDatabase, openDatabase, type WritableDB } from './database'

let db: WritableDB
beforeEach(() => {
  db = openDatabase(':memory:')
})
afterEach(() => closeDatabase(db))

const summary = (skipped: FileSummary['skipped'] = {}): FileSummary => ({
  events: 1,
  firstStartMs: 1_000,
  lastEndMs: 2_000,
  openEnded: false,
  skipped,
})

const meeting = (key: string, overrides: Partial<CalendarEventInstance> = {}): CalendarEventInstance => ({
  key,
  uid: key,
  title: 'Acme kickoff',
  startMs: 1_000,
  endMs: 2_000,
  allDay: false,
  cancelled: false,
  transparent: false,
  myStatus: null,
  attendeeDomains: [],
  ...overrides,
})

describe('stored calendar events', () => {
  it('keeps what a read left out with the calendar', () => {
    const repo = createCalendarRepository(db)
    const id = repo.add({ id: 'work', kind: 'file', location: 'work.ics', myEmails: [], now: '2026-06-01T00:00:00Z' })
    repo.recordFetch(
      id,
      { state: 'ok', error: null, at: '2026-06-01T00:00:00Z', text: 'BEGIN:VCALENDAR' },
      { version: 1, summary: summary({ 'zone unknown': 2 }) },
    )
    repo.storeExpansion(id, {
      version: 1,
      weeks: [0],
      events: toExpandedEvents([meeting('a#1')]),
      complete: true,
      summary: summary({ 'zone unknown': 2 }),
    })
    expect(repo.get(id)).toMatchObject({ event_count: 1, skipped: { 'zone unknown': 2 } })
  })

  it('reads rows written before long titles were cut, and skips and counts a row that is not an event', () => {
    const repo = createCalendarRepository(db)
    const id = repo.add({ id: 'work', kind: 'file', location: 'work.ics', myEmails: [], now: '2026-06-01T00:00:00Z' })
    const insert = db.prepare(
      'INSERT INTO calendar_events (source_id, event_key, start_ms, end_ms, data) VALUES (?, ?, 1000, 2000, ?)',
    )
    insert.run(id, 'long#1', JSON.stringify(meeting('long#1', { title: 'x'.repeat(2001) })))
    insert.run(id, 'broken#1', '{"key":"broken#1"')
    insert.run(id, 'odd#1', JSON.stringify({ key: 'odd#1', startMs: 'soon' }))
    const counts: number[] = []
    const events = repo.eventsBetween(0, 5_000, (n) => counts.push(n))
    expect(events.map((e) => [e.key, e.title.length])).toEqual([['long#1', 1000]])
    expect(counts).toEqual([2])
    expect(unjoinedEventsEndingBetween(db, 0, 5_000, (n) => counts.push(n)).map((e) => e.key)).toEqual(['long#1'])
    expect(counts).toEqual([2, 2])
  })

  it('cuts a long title when it stores one, so the row reads back', () => {
    const repo = createCalendarRepository(db)
    const id = repo.add({ id: 'work', kind: 'file', location: 'work.ics', myEmails: [], now: '2026-06-01T00:00:00Z' })
    repo.recordFetch(id, { state: 'ok', error: null, at: '2026-06-01T00:00:00Z', text: '' })
    repo.storeExpansion(id, {
      version: 1,
      weeks: [0],
      events: toExpandedEvents([meeting('a#1', { title: 'y'.repeat(3000) })]),
      complete: true,
      summary: summary(),
    })
    const [stored] = repo.eventsBetween(0, 5_000, () => {
      throw new Error('every stored row must read back')
    })
    expect(stored?.title).toBe(`${'y'.repeat(999)}…`)
  })
})
