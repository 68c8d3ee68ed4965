// The .ics fixtures read from disk (Node), so these tests of src/shared/calendar live here.
import { describe, expect, it } from 'vitest'
import { CalendarParseError, expandCalendar } from '../../shared/calendar/expand'
import { calendarFixture as fixture } from '../../../test/support/calendarFixture'
import { meetingsToSuggest, skipReason, type CalendarFilterSettings } from '../../shared/calendar/filter'

const iso = (ms: number) => new Date(ms).toISOString()
const YEAR = {
  fromMs: Date.parse('2026-01-01T00:00:00Z'),
  toMs: Date.parse('2027-01-01T00:00:00Z'),
  myEmails: ['me@ourfirm.com'],
}
const SKIP_ALL: CalendarFilterSettings = {
  calendar_skip_cancelled: true,
  calendar_skip_declined: true,
  calendar_skip_transparent: true,
  calendar_skip_all_day: true,
  calendar_skip_long: true,
}

describe('expanding a weekly recurrence with an exception and a moved instance', () => {
  const { events, skipped } = expandCalendar(fixture('weekly-new-york.ics'), YEAR)

  it('lists every occurrence in New York time, without the excluded week, with the moved one at its new time', () => {
    expect(skipped).toEqual({})
    expect(events.map((e) => [iso(e.startMs), iso(e.endMs), e.title])).toEqual([
      ['2026-05-04T18:00:00.000Z', '2026-05-04T19:00:00.000Z', 'Smith v. Jones – strategy'],
      ['2026-05-11T18:00:00.000Z', '2026-05-11T19:00:00.000Z', 'Smith v. Jones – strategy'],
      ['2026-05-26T20:00:00.000Z', '2026-05-26T20:30:00.000Z', 'Smith v. Jones – strategy (moved)'],
      ['2026-06-01T18:00:00.000Z', '2026-06-01T19:00:00.000Z', 'Smith v. Jones – strategy'],
      ['2026-06-08T18:00:00.000Z', '2026-06-08T19:00:00.000Z', 'Smith v. Jones – strategy'],
    ])
  })

  it('keys each occurrence by its original start, so a moved one keeps its identity', () => {
    const moved = events[2]
    expect(moved?.key).toBe(`weekly-strategy@test#${Date.parse('2026-05-25T18:00:00Z')}`)
    expect(new Set(events.map((e) => e.key)).size).toBe(events.length)
  })

  it('reads attendee organisations without the user’s own domain, and the user’s acceptance', () => {
    expect(events[0]?.attendeeDomains).toEqual(['jonesco.com', 'smithlaw.com'])
    expect(events[0]?.myStatus).toBe('accepted')
  })

  it('returns only occurrences that overlap the requested range', () => {
    const narrow = expandCalendar(fixture('weekly-new-york.ics'), {
      ...YEAR,
      fromMs: Date.parse('2026-05-11T18:30:00Z'),
      toMs: Date.parse('2026-06-01T18:00:00Z'),
    })
    expect(narrow.events.map((e) => iso(e.startMs))).toEqual(['2026-05-11T18:00:00.000Z', '2026-05-26T20:00:00.000Z'])
  })
})

describe('an event series in another time zone across a DST change', () => {
  const { events } = expandCalendar(fixture('dst-berlin.ics'), YEAR)

  it('keeps 09:00 Berlin wall-clock time, one hour earlier in UTC after the change', () => {
    const standup = events.filter((e) => e.uid === 'berlin-standup@test').map((e) => iso(e.startMs))
    expect(standup).toEqual([
      '2026-03-26T08:00:00.000Z',
      '2026-03-27T08:00:00.000Z',
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ])
  })

  it('measures an event that spans the change in real time (00:00–04:00 that night is 3 h)', () => {
    const overnight = events.find((e) => e.uid === 'berlin-overnight@test')
    expect(overnight && [iso(overnight.startMs), (overnight.endMs - overnight.startMs) / 3_600_000]).toEqual([
      '2026-03-28T23:00:00.000Z',
      3,
    ])
  })
})

describe('declined, cancelled, transparent, all-day and long events', () => {
  const { events } = expandCalendar(fixture('statuses.ics'), YEAR)
  const byUid = (uid: string) => events.find((e) => e.uid === uid)

  it('reads what each event says', () => {
    expect(byUid('accepted@test')).toMatchObject({
      myStatus: 'accepted',
      cancelled: false,
      transparent: false,
      allDay: false,
      attendeeDomains: ['acme.example'],
    })
    expect(byUid('declined@test')?.myStatus).toBe('declined')
    expect(byUid('cancelled@test')?.cancelled).toBe(true)
    expect(byUid('transparent@test')?.transparent).toBe(true)
    expect(byUid('allday@test')?.allDay).toBe(true)
  })

  it('suggests only the accepted meeting when every skip rule is on', () => {
    expect(meetingsToSuggest(events, SKIP_ALL).map((e) => e.uid)).toEqual(['accepted@test'])
    expect(events.map((e) => skipReason(e, SKIP_ALL))).toEqual([
      null,
      'declined',
      'cancelled',
      'transparent',
      'all_day',
      'long',
    ])
  })

  it('keeps each kind when its rule is turned off', () => {
    const none = {
      calendar_skip_cancelled: false,
      calendar_skip_declined: false,
      calendar_skip_transparent: false,
      calendar_skip_all_day: false,
      calendar_skip_long: false,
    }
    expect(meetingsToSuggest(events, none)).toHaveLength(6)
    expect(meetingsToSuggest(events, { ...SKIP_ALL, calendar_skip_declined: false }).map((e) => e.uid)).toEqual([
      'accepted@test',
      'declined@test',
    ])
  })
})

describe('bad input', () => {
  it('rejects a file that is not iCalendar with a reason', () => {
    expect(() => expandCalendar('hello', YEAR)).toThrow(CalendarParseError)
    expect(() => expandCalendar('Subject: minutes\nBEGIN:VEVENT\nDTSTART:20260505T100000Z\nEND:VEVENT', YEAR)).toThrow(
      /no BEGIN:VCALENDAR/,
    )
  })

  it('reads a calendar with an unreadable event, counting what it skipped', () => {
    const { events, skipped } = expandCalendar('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:garbage', YEAR)
    expect(events).toEqual([])
    expect(skipped).toEqual({ 'broken component': 1 })
  })
})

describe('versions of one event', () => {
  const version = (sequence: number, stamp: string, hour: string, uid = 'UID:v@test\r\n') =>
    `BEGIN:VEVENT\r\n${uid}SEQUENCE:${sequence}\r\nDTSTAMP:${stamp}\r\nDTSTART:20260505T${hour}0000Z\r\nDURATION:PT1H\r\nSUMMARY:at ${hour}\r\nEND:VEVENT\r\n`
  const calendar = (...events: string[]) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${events.join('')}END:VCALENDAR\r\n`
  const titles = (text: string) => expandCalendar(text, YEAR).events.map((e) => e.title)

  it('the highest SEQUENCE wins, then the latest DTSTAMP, whatever the order in the file', () => {
    expect(titles(calendar(version(3, '20260501T000000Z', '10'), version(1, '20260502T000000Z', '11')))).toEqual([
      'at 10',
    ])
    expect(titles(calendar(version(1, '20260502T000000Z', '11'), version(1, '20260501T000000Z', '10')))).toEqual([
      'at 11',
    ])
    expect(titles(calendar(version(1, '20260501T000000Z', '10'), version(1, '20260502T000000Z', '11')))).toEqual([
      'at 11',
    ])
  })

  it('a UID-less event published twice is one meeting', () => {
    const twice = version(0, '20260501T000000Z', '09', '')
    expect(titles(calendar(twice, twice))).toEqual(['at 09'])
  })
})

describe('dates that do not exist', () => {
  it('are skipped and not counted: a yearly 29 February with COUNT=2 meets in 2024 and 2028', () => {
    const text =
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:leap@test\r\nDTSTART:20240229T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=YEARLY;COUNT=2\r\nSUMMARY:Leap\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'
    const { events, skipped } = expandCalendar(text, {
      fromMs: Date.parse('2024-01-01T00:00:00Z'),
      toMs: Date.parse('2030-01-01T00:00:00Z'),
      myEmails: [],
    })
    expect(events.map((e) => iso(e.startMs))).toEqual(['2024-02-29T10:00:00.000Z', '2028-02-29T10:00:00.000Z'])
    expect(skipped).toEqual({ 'impossible date': 3 })
  })
})
