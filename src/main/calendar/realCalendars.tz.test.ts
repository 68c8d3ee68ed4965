// Calendar files as Outlook/Exchange, Apple, Google, Thunderbird, Nextcloud and Windows Calendar
// write them (test/fixtures/calendar/real, expected instances in expected.json, worked out by
// hand from each file). Runs under TZ=Asia/Tokyo and TZ=America/New_York (vitest projects
// tz-tokyo and tz-new-york), zones none of the meetings use, so a time read as the machine's
// moves and fails here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeCalendarBytes } from '../../shared/calendar/decode'
import { expandCalendar } from '../../shared/calendar/expand'
import { CALENDAR_FIXTURES } from '../../../test/support/calendarFixture'

interface Expected {
  why: string
  events: { start: string; end: string; title: string; cancelled?: boolean }[]
  /** local wall-clock times: floating events stay on the machine's clock */
  floating?: { start: string; end: string; title: string }[]
  skipped: Record<string, number>
}

const REAL = join(CALENDAR_FIXTURES, 'real')
const expected = JSON.parse(readFileSync(join(REAL, 'expected.json'), 'utf8')) as Record<string, Expected>
const YEAR = {
  fromMs: Date.parse('2026-01-01T00:00:00Z'),
  toMs: Date.parse('2027-01-01T00:00:00Z'),
  myEmails: ['me@ourfirm.com'],
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
const localIsoToUtc = (local: string) => {
  const [date = '', time = ''] = local.split('T')
  const [y, m, d] = date.split('-').map(Number)
  const [hh, mm, ss] = time.split(':').map(Number)
  return iso(new Date(y ?? 0, (m ?? 1) - 1, d, hh, mm, ss).getTime())
}
const line = (e: { start: string; end: string; title: string; cancelled?: boolean }) =>
  `${e.start} ${e.end} ${e.cancelled ? '[cancelled] ' : ''}${e.title}`

function read(name: string) {
  const { text } = decodeCalendarBytes(readFileSync(join(REAL, name)))
  const { events, skipped } = expandCalendar(text, YEAR)
  const actual = events.map((e) =>
    line({ start: iso(e.startMs), end: iso(e.endMs), title: e.title, cancelled: e.cancelled }),
  )
  return { actual, skipped, events }
}

function wanted(spec: Expected): string[] {
  const floating = (spec.floating ?? []).map((f) =>
    line({ start: localIsoToUtc(f.start), end: localIsoToUtc(f.end), title: f.title }),
  )
  return [...spec.events.map(line), ...floating]
}

describe('calendar files as real tools write them', () => {
  it('runs on a machine whose zone none of the files uses (Tokyo, or New York with DST)', () => {
    expect(['Asia/Tokyo', 'America/New_York']).toContain(Intl.DateTimeFormat().resolvedOptions().timeZone)
  })

  for (const [name, spec] of Object.entries(expected)) {
    it(`${name}: ${spec.why}`, () => {
      const { actual, skipped } = read(name)
      expect([...actual].sort()).toEqual(wanted(spec).sort())
      expect(skipped).toEqual(spec.skipped)
    })
  }

  it('over every file: no instance missing, none extra, no file rejected', () => {
    let expectedCount = 0
    let missing = 0
    let extra = 0
    let rejected = 0
    for (const [name, spec] of Object.entries(expected)) {
      const want = wanted(spec)
      expectedCount += want.length
      let actual: string[] = []
      try {
        actual = read(name).actual
      } catch {
        rejected++
      }
      missing += want.filter((w) => !actual.includes(w)).length
      extra += actual.filter((a) => !want.includes(a)).length
    }
    expect({ files: Object.keys(expected).length, expected: expectedCount, missing, extra, rejected }).toEqual({
      files: 11,
      expected: 87,
      missing: 0,
      extra: 0,
      rejected: 0,
    })
  })
})

describe('identity and versions', () => {
  it('gives UID-less events a key that is the same on every read and differs between meetings at one moment', () => {
    const first = read('outlook-web-no-uid.ics').events
    const again = read('outlook-web-no-uid.ics').events
    expect(first.map((e) => e.key)).toEqual(again.map((e) => e.key))
    expect(new Set(first.map((e) => e.key)).size).toBe(first.length)
    const standUps = first.filter((e) => e.title === 'Team stand-up')
    expect(new Set(standUps.map((e) => e.uid)).size).toBe(1)
  })

  it('never offers the cancelled meeting of a series whose override is given in UTC', () => {
    const { events } = read('exchange-windows-names.ics')
    const may14 = events.filter((e) => iso(e.startMs).startsWith('2026-05-14'))
    expect(may14).toHaveLength(1)
    expect(may14[0]?.cancelled).toBe(true)
  })
})
