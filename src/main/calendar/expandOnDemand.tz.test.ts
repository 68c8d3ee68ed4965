// Expanding a range years after a series began (#23): the iteration starts near the range, and
// gives exactly the occurrences a walk from DTSTART gives — across DST, for every kind of rule.
import ICAL from 'ical.js'
import { describe, expect, it, vi } from 'vitest'
import { expandCalendar } from '../../shared/calendar/expand'
import { createCalendarExpander } from '../../shared/calendar/expander'
import { hugeCalendar } from '../../../test/support/hugeCalendar'

const text = hugeCalendar(30)
/** every kind of rule twice: enough to compare with a walk from 2015, which is slow on purpose */
const fewSeries = hugeCalendar(8)
const iso = (value: string) => Date.parse(value)

describe('a calendar of 30 series started in 2015', () => {
  it.each([
    ['a day in 2026', '2026-06-03T00:00:00Z', '2026-06-04T00:00:00Z'],
    ['the week Europe moves to summer time', '2026-03-26T00:00:00Z', '2026-04-02T00:00:00Z'],
    ['a month around the end of summer time', '2025-10-10T00:00:00Z', '2025-11-10T00:00:00Z'],
  ])('gives for %s the occurrences a walk from 2015 gives', (_name, from, to) => {
    const range = { fromMs: iso(from), toMs: iso(to), myEmails: [] }
    const walked = expandCalendar(fewSeries, { ...range, fromMs: iso('2015-01-01T00:00:00Z') }).events.filter(
      (e) => e.endMs > range.fromMs && e.startMs < range.toMs,
    )
    const skipped = expandCalendar(fewSeries, range)
    expect(skipped.complete).toBe(true)
    expect(skipped.events).toEqual(walked)
    expect(skipped.events.length).toBeGreaterThan(0)
  })

  it('starts each series near the range, not at its DTSTART in 2015', () => {
    const iterator = vi.spyOn(ICAL.Event.prototype, 'iterator')
    try {
      expandCalendar(text, { fromMs: iso('2026-06-03T00:00:00Z'), toMs: iso('2026-06-04T00:00:00Z'), myEmails: [] })
      const starts = iterator.mock.calls.map(([start]) => (start as InstanceType<typeof ICAL.Time> | undefined)?.year)
      expect(starts).toHaveLength(30)
      expect(starts.every((year) => year === 2026)).toBe(true)
    } finally {
      iterator.mockRestore()
    }
  })

  it('keeps the wall-clock time across DST: 09:00 Berlin is 08:00 UTC in winter, 07:00 in summer', () => {
    const times = (from: string, to: string) =>
      expandCalendar(text, { fromMs: iso(from), toMs: iso(to), myEmails: [] })
        .events.filter((e) => e.title === 'Standing meeting 2')
        .map((e) => new Date(e.startMs).toISOString())
    expect(times('2026-03-27T00:00:00Z', '2026-03-28T00:00:00Z')).toEqual(['2026-03-27T08:00:00.000Z'])
    expect(times('2026-03-30T00:00:00Z', '2026-03-31T00:00:00Z')).toEqual(['2026-03-30T07:00:00.000Z'])
  })

  it('stops at its deadline and says the result is partial', () => {
    const result = expandCalendar(text, {
      fromMs: iso('2015-01-01T00:00:00Z'),
      toMs: iso('2026-12-31T00:00:00Z'),
      myEmails: [],
      deadline: Date.now() - 1,
    })
    expect(result.complete).toBe(false)
    expect(result.events.length).toBeLessThan(30 * 365)
  })
})

describe('the worker side of expansion', () => {
  it('parses a version once, asks for the text it does not hold, and summarizes the file', () => {
    const expand = createCalendarExpander()
    const request = {
      sourceId: 's',
      version: 1,
      myEmails: [],
      ranges: [{ fromMs: iso('2026-06-03T00:00:00Z'), toMs: iso('2026-06-04T00:00:00Z') }],
      budgetMs: 10_000,
    }
    expect(expand({ ...request, text: null })).toEqual({ outcome: 'need_text' })
    const first = expand({ ...request, text })
    expect(first).toMatchObject({
      outcome: 'expanded',
      complete: true,
      summary: { events: 30, firstStartMs: iso('2015-01-05T07:00:00Z'), openEnded: true },
    })
    // Held now: a request without the text is answered the same.
    expect(expand({ ...request, text: null })).toEqual(first)
    // Another version is another text: asked for again.
    expect(expand({ ...request, version: 2, text: null })).toEqual({ outcome: 'need_text' })
    expect(expand({ ...request, version: 2, text: 'not a calendar' })).toMatchObject({
      outcome: 'invalid',
      message: expect.stringMatching(/not an iCalendar file/) as string,
    })
  })
})
