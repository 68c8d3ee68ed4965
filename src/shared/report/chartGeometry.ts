// Chart geometry computed once, drawn twice: the Reports view renders these rectangles with visx
// components (React SVG) and the standalone HTML export writes the same ones as inline SVG text.
import { scaleBand, scaleLinear } from '@visx/scale'
import type { Report } from '../contract/report'
import { weekStart } from './zonedDays'

/** Readable on light and dark backgrounds; the hatch marks captured-but-unapproved time. */
export const CHART_COLORS = [
  '#2f6fde',
  '#d9822b',
  '#2e9e6a',
  '#b5479b',
  '#7a5cd6',
  '#c23b3b',
  '#3b9fb5',
  '#8a8f2a',
] as const
export const NO_CLIENT_COLOR = '#8c8c8c'
export const HATCH_COLOR = '#9a9a9a'

export interface ChartSize {
  width: number
  height: number
  margin: { top: number; right: number; bottom: number; left: number }
}

export const DEFAULT_CHART_SIZE: ChartSize = {
  width: 720,
  height: 240,
  margin: { top: 10, right: 10, bottom: 40, left: 44 },
}

export interface Segment {
  /** what the segment is (client id, 'approved'…) */
  id: string | null
  label: string
  minutes: number
  color: string
  hatched: boolean
}

export interface Category {
  /** the category; for a time bar, its first day */
  key: string
  label: string
  segments: Segment[]
  /** a bar of several days (a week): its last day */
  until?: string
}

export interface StackRect extends Segment {
  category: string
  x: number
  y: number
  width: number
  height: number
}

export interface StackedChart {
  rects: StackRect[]
  /** hours on the value axis, with their y */
  ticks: { hours: number; y: number }[]
  /** category labels shown under the axis (thinned so they never overlap) */
  labels: { key: string; label: string; x: number }[]
  innerWidth: number
  innerHeight: number
  size: ChartSize
  categories: Category[]
}

/** Vertical bars, one per category, segments stacked bottom-up, in hours. */
export function stackedBars(categories: Category[], size: ChartSize = DEFAULT_CHART_SIZE): StackedChart {
  const innerWidth = size.width - size.margin.left - size.margin.right
  const innerHeight = size.height - size.margin.top - size.margin.bottom
  const x = scaleBand<string>({ domain: categories.map((c) => c.key), range: [0, innerWidth], padding: 0.2 })
  const maxHours = Math.max(1, ...categories.map((c) => c.segments.reduce((sum, s) => sum + s.minutes, 0) / 60))
  const y = scaleLinear<number>({ domain: [0, maxHours], range: [innerHeight, 0], nice: true })
  const rects: StackRect[] = []
  for (const category of categories) {
    let base = 0
    for (const segment of category.segments) {
      if (segment.minutes <= 0) continue
      const top = base + segment.minutes / 60
      rects.push({
        ...segment,
        category: category.key,
        x: x(category.key) ?? 0,
        y: y(top),
        width: x.bandwidth(),
        height: y(base) - y(top),
      })
      base = top
    }
  }
  // about one label per 48 px
  const every = Math.max(1, Math.ceil(categories.length / Math.max(1, Math.floor(innerWidth / 48))))
  return {
    rects,
    ticks: y.ticks(4).map((hours) => ({ hours, y: y(hours) })),
    labels: categories
      .filter((_, i) => i % every === 0)
      .map((c) => ({ key: c.key, label: c.label, x: (x(c.key) ?? 0) + x.bandwidth() / 2 })),
    innerWidth,
    innerHeight,
    size,
    categories,
  }
}

export function clientColors(report: Pick<Report, 'clients'>): Map<string | null, string> {
  const colors = new Map<string | null, string>()
  let i = 0
  for (const row of report.clients)
    colors.set(row.client ?? null, row.client == null ? NO_CLIENT_COLOR : CHART_COLORS[i++ % CHART_COLORS.length]!)
  return colors
}

const shortDay = (day: string) => day.slice(5)

/**
 * Longer ranges are drawn a week per bar (Monday first, as the view's weeks): a year of day bars
 * in a 720-unit chart would be 2 units wide each, and 2,500 SVG shapes to paint.
 */
export const DAY_BARS_UP_TO = 92

/** Whether the time chart of `report` has a bar per week rather than per day. */
export const barsPerWeek = (report: Pick<Report, 'days'>) => report.days.length > DAY_BARS_UP_TO

/** Approved hours per day (per week past DAY_BARS_UP_TO days) by client, captured-but-unapproved time hatched on top. */
export function dailyCategories(report: Pick<Report, 'days' | 'clients'>): Category[] {
  const colors = clientColors(report)
  const names = new Map(report.clients.map((c) => [c.client ?? null, c.client_name ?? 'No client']))
  const weekly = barsPerWeek(report)
  const bars = new Map<
    string,
    { key: string; until: string; approved: Map<string | null, number>; unapproved: number }
  >()
  for (const day of report.days) {
    const key = weekly ? weekStart(day.day) : day.day
    let bar = bars.get(key)
    // a range's first week may start before it: the bar starts where the range does
    if (!bar) bars.set(key, (bar = { key: day.day, until: day.day, approved: new Map(), unapproved: 0 }))
    bar.until = day.day
    for (const share of day.approved_by_client)
      bar.approved.set(share.client, (bar.approved.get(share.client) ?? 0) + share.minutes)
    bar.unapproved += day.unapproved_minutes
  }
  return [...bars.values()].map((bar) => ({
    key: bar.key,
    label: shortDay(bar.key),
    ...(weekly ? { until: bar.until } : {}),
    segments: [
      ...[...bar.approved].map(([client, minutes]) => ({
        id: client,
        label: `${names.get(client) ?? client ?? 'No client'} (approved)`,
        minutes,
        color: colors.get(client) ?? NO_CLIENT_COLOR,
        hatched: false,
      })),
      { id: null, label: 'Captured, not approved', minutes: bar.unapproved, color: HATCH_COLOR, hatched: true },
    ],
  }))
}

/** Hours per activity type: approved solid, the rest hatched. */
export function activityCategories(report: Pick<Report, 'activities'>): Category[] {
  return report.activities.map((row) => ({
    key: row.activity ?? 'other',
    label: (row.activity ?? 'other').replaceAll('_', ' '),
    segments: [
      { id: 'approved', label: 'Approved', minutes: row.approved_minutes, color: CHART_COLORS[0], hatched: false },
      {
        id: 'unapproved',
        label: 'Captured, not approved',
        minutes: row.pending_minutes + row.rejected_minutes,
        color: HATCH_COLOR,
        hatched: true,
      },
    ],
  }))
}
