import { describe, expect, it } from 'vitest'
import type { Report } from '../contract/report'
import { barsPerWeek, dailyCategories, stackedBars } from './chartGeometry'
import { reportHtml } from './render'
import { daysBetween } from './zonedDays'

const clients: Report['clients'] = [
  { client: 'acme', client_name: 'Acme', projects: [], ...minutes() },
  { client: null, client_name: null, projects: [], ...minutes() },
]
function minutes() {
  return {
    captured_minutes: 0,
    suggested_minutes: 0,
    approved_minutes: 0,
    billed_minutes: 0,
    synced_minutes: 0,
    pending_minutes: 0,
    rejected_minutes: 0,
    unassigned_minutes: 0,
  }
}
/** Every day: 60 approved minutes for Acme, 15 without a client, 10 not approved. */
const daysOf = (from: string, to: string): Report['days'] =>
  daysBetween(from, to).map((day) => ({
    day,
    approved_by_client: [
      { client: 'acme', minutes: 60 },
      { client: null, minutes: 15 },
    ],
    unapproved_minutes: 10,
  }))

describe('the time chart', () => {
  it('has a bar per day up to a quarter', () => {
    const report = { days: daysOf('2025-01-01', '2025-04-01'), clients }
    expect(report.days).toHaveLength(91)
    expect(barsPerWeek(report)).toBe(false)
    const bars = dailyCategories(report)
    expect(bars).toHaveLength(91)
    expect(bars[0]).toMatchObject({ key: '2025-01-01', label: '01-01' })
    expect(bars[0]!.until).toBeUndefined()
  })

  it('has a bar per week (Monday first) past a quarter, the first and last cut at the range, minutes kept', () => {
    // 2025-01-01 is a Wednesday; 2025-12-31 a Wednesday too
    const report = { days: daysOf('2025-01-01', '2025-12-31'), clients }
    expect(barsPerWeek(report)).toBe(true)
    const bars = dailyCategories(report)
    expect(bars).toHaveLength(53)
    expect(bars[0]).toMatchObject({ key: '2025-01-01', until: '2025-01-05' })
    expect(bars[1]).toMatchObject({ key: '2025-01-06', until: '2025-01-12' })
    expect(bars.at(-1)).toMatchObject({ key: '2025-12-29', until: '2025-12-31' })
    expect(bars[1]!.segments.map((s) => [s.label, s.minutes, s.hatched])).toEqual([
      ['Acme (approved)', 7 * 60, false],
      ['No client (approved)', 7 * 15, false],
      ['Captured, not approved', 7 * 10, true],
    ])
    const total = bars.flatMap((b) => b.segments).reduce((sum, s) => sum + s.minutes, 0)
    expect(total).toBe(365 * 85)
    // 53 bars of 3 segments: the shapes a year paints
    expect(stackedBars(bars).rects).toHaveLength(53 * 3)
  })

  it('names the bars per week in the HTML export too', () => {
    const report: Report = {
      from: '2025-01-01',
      to: '2025-12-31',
      time_zone: 'UTC',
      by: 'project',
      billing_increment_minutes: 0,
      totals: minutes(),
      rows: [],
      clients,
      days: daysOf('2025-01-01', '2025-12-31'),
      activities: [],
      leakage: [],
      leakage_minutes: 0,
      issues: [],
      issues_total: 0,
    }
    const html = reportHtml(report)
    expect(html).toContain('<h2>Approved hours per week by client</h2>')
    expect(html.match(/<rect /g)?.length).toBeGreaterThanOrEqual(53 * 3)
  })
})
