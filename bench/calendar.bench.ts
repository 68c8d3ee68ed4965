// Calendar figures (#16): expanding a year of a busy calendar, and the incremental heuristics
// round with that calendar attached (meetings joined as they end) against the same round without.
import { performance } from 'node:perf_hooks'
import { expandCalendar } from '../src/shared/calendar/expand'
import { createManualClock } from '../src/main/base/clock'
import { silentLogger } from '../src/main/base/logger'
import { createMemorySecretStore } from '../src/main/base/secretStore'
import { createCalendarService } from '../src/main/calendar/calendarService'
import { defaultSettings } from '../src/shared/domain'
import { DAY_START, measureIncremental, median } from './heuristics.bench'
import type { Benchmark } from './types'

const VTIMEZONE = `BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`

const local = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace(/[-:]/g, '')

/** A year around `centerMs`: 30 weekly series (52 each, an EXDATE and a moved instance apiece)
 * and 500 single meetings with attendees: about 2,000 event instances. Deterministic. */
export function busyCalendar(centerMs: number): string {
  const start = centerMs - 182 * 86_400_000
  const parts = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//BillOps bench//EN', VTIMEZONE]
  const event = (uid: string, startMs: number, minutes: number, extra: string[] = []) =>
    parts.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20240101T000000Z',
      `DTSTART;TZID=Europe/Berlin:${local(startMs)}`,
      `DTEND;TZID=Europe/Berlin:${local(startMs + minutes * 60_000)}`,
      `SUMMARY:Meeting ${uid}`,
      'ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@ourfirm.com',
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:client@client${uid.length % 7}.example`,
      ...extra,
      'END:VEVENT',
    )
  for (let series = 0; series < 30; series++) {
    const first = start + (series % 5) * 86_400_000 + (8 + (series % 9)) * 3_600_000
    event(`series-${series}`, first, 30 + (series % 4) * 15, [`RRULE:FREQ=WEEKLY;COUNT=52`, `EXDATE;TZID=Europe/Berlin:${local(first + 7 * 7 * 86_400_000)}`])
    event(`series-${series}`, first + 9 * 7 * 86_400_000 + 3_600_000, 30, [`RECURRENCE-ID;TZID=Europe/Berlin:${local(first + 9 * 7 * 86_400_000)}`])
  }
  for (let single = 0; single < 500; single++) event(`single-${single}`, start + single * 17 * 3_600_000, 45)
  parts.push('END:VCALENDAR')
  return parts.join('\r\n')
}

const expansionBenchmark: Benchmark = {
  name: 'Expanding a year of a busy calendar (2,000 events incl. recurrences)',
  target: '< 200 ms',
  issue: '#16',
  async run() {
    const center = Date.parse('2026-06-01T00:00:00Z')
    const text = busyCalendar(center)
    const range = { fromMs: center - 183 * 86_400_000, toMs: center + 183 * 86_400_000, myEmails: ['me@ourfirm.com'] }
    const times: number[] = []
    let count = 0
    for (let i = 0; i < 12; i++) {
      const begin = performance.now()
      count = expandCalendar(text, range).events.length
      times.push(performance.now() - begin)
    }
    const value = Number(median(times.slice(2)).toFixed(1))
    return {
      value,
      unit: 'ms',
      met: value < 200,
      detail: `median of 10 runs (after 2 warm-up) of parse + expand through ical.js: ${count} instances (30 weekly series with an EXDATE and a moved instance each, 500 single meetings, Europe/Berlin VTIMEZONE), ${Math.round(text.length / 1024)} KB of ICS`,
    }
  },
}

const incrementalWithCalendarBenchmark: Benchmark = {
  name: 'Incremental heuristics update with a calendar attached',
  target: '< 5 ms',
  issue: '#16',
  async run() {
    // The host's clock stands at the end of the bench day, so its meetings are joined as the rounds close them.
    const now = DAY_START + 10 * 3_600_000
    const without = await measureIncremental({ now: () => now })
    let events = 0
    const withCalendar = await measureIncremental({
      now: () => now,
      attach: (db) => {
        const calendar = createCalendarService({ db, clock: createManualClock(now), logger: silentLogger, fetch, secretStore: createMemorySecretStore(), settings: defaultSettings })
        events = calendar.addFile({ location: 'busy.ics', text: busyCalendar(DAY_START), myEmails: ['me@ourfirm.com'] }).event_count
      },
    })
    return {
      value: withCalendar.median,
      unit: 'ms',
      met: withCalendar.median < 5,
      detail: `median of 35 rounds of host.processPending() (60 new signals on a 30,000-signal day, real worker thread) with a busy calendar attached (${events} instances held for the last 60 / next 30 days, meetings joined as they end); max ${withCalendar.max} ms; the same rounds without a calendar: median ${without.median} ms`,
    }
  },
}

export const benchmarks: Benchmark[] = [expansionBenchmark, incrementalWithCalendarBenchmark]
