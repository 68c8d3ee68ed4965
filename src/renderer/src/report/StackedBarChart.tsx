// A stacked bar chart drawn with visx from geometry shared with the HTML export
// (src/shared/report/chartGeometry.ts). Pure SVG through React: nothing inline to allow in the
// CSP. The chart has an accessible name and a table fallback with the same figures, whose
// buttons do what clicking a bar does.
import { AxisBottom, AxisLeft } from '@visx/axis'
import { Group } from '@visx/group'
import { PatternLines } from '@visx/pattern'
import { scaleBand, scaleLinear } from '@visx/scale'
import { Bar } from '@visx/shape'
import { useId, useState } from 'react'
import type { StackedChart } from '../../../shared/report/chartGeometry'
import { hoursText } from '../../../shared/report/render'

interface Props {
  chart: StackedChart
  title: string
  /** what a category is called in the table ("Day", "Activity") */
  categoryName: string
  /** `until`: the last day of a bar of several days */
  onSelect(category: string, segmentId: string | null, hatched: boolean, until: string | undefined): void
  testId: string
}

export function StackedBarChart({ chart, title, categoryName, onSelect, testId }: Props) {
  const id = useId().replace(/:/g, '')
  // the table's rows are built only once it is opened: a year is 365 rows nobody may read
  const [tableOpen, setTableOpen] = useState(false)
  const hatchId = `${id}-hatch`
  const { margin, width, height } = chart.size
  // Scales for the axes only: the bars' positions come from the shared geometry.
  const x = scaleBand<string>({
    domain: chart.categories.map((c) => c.key),
    range: [0, chart.innerWidth],
    padding: 0.2,
  })
  const maxTick = chart.ticks.at(-1)?.hours ?? 1
  const y = scaleLinear<number>({ domain: [0, maxTick], range: [chart.innerHeight, chart.ticks.at(-1)?.y ?? 0] })
  const labelOf = new Map(chart.labels.map((l) => [l.key, l.label]))
  const untilOf = new Map(chart.categories.map((c) => [c.key, c.until]))
  const legend = [
    ...new Map(chart.categories.flatMap((c) => c.segments.map((s) => [`${s.hatched}:${s.id}`, s] as const))).values(),
  ]
  return (
    <figure className="chart" data-testid={testId}>
      <svg role="img" aria-labelledby={`${id}-title`} viewBox={`0 0 ${width} ${height}`} className="chart__svg">
        <title id={`${id}-title`}>{title}</title>
        <PatternLines
          id={hatchId}
          height={6}
          width={6}
          stroke="#777"
          strokeWidth={2}
          background="#e6e6e6"
          orientation={['diagonal']}
        />
        <Group left={margin.left} top={margin.top}>
          {chart.ticks.map((t) => (
            <line key={t.hours} x1={0} x2={chart.innerWidth} y1={t.y} y2={t.y} className="chart__grid" />
          ))}
          {chart.rects.map((r) => (
            <Bar
              key={`${r.category}:${r.hatched}:${r.id}`}
              x={r.x}
              y={r.y}
              width={r.width}
              height={r.height}
              fill={r.hatched ? `url(#${hatchId})` : r.color}
              data-testid="chart-bar"
              data-category={r.category}
              className="chart__bar"
              onClick={() => onSelect(r.category, r.id, r.hatched, untilOf.get(r.category))}
            >
              <title>{`${labelOf.get(r.category) ?? r.category}: ${r.label} ${hoursText(r.minutes)}`}</title>
            </Bar>
          ))}
          <AxisLeft
            scale={y}
            tickValues={chart.ticks.map((t) => t.hours)}
            tickFormat={(hours) => `${String(hours)} h`}
            tickClassName="chart__tick"
            axisClassName="chart__axis"
          />
          <AxisBottom
            top={chart.innerHeight}
            scale={x}
            tickValues={chart.labels.map((l) => l.key)}
            tickFormat={(key) => labelOf.get(key) ?? key}
            tickClassName="chart__tick"
            axisClassName="chart__axis"
          />
        </Group>
      </svg>
      <figcaption className="chart__legend">
        {legend.map((s) => (
          <span key={`${s.hatched}:${s.id}`} className="chart__key">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={s.hatched ? `url(#${hatchId})` : s.color} />
            </svg>
            {s.label.replace(/ \(approved\)$/, '')}
          </span>
        ))}
      </figcaption>
      <details className="chart__table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>Table of this chart</summary>
        <table>
          <caption className="reports__sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{categoryName}</th>
              <th scope="col">Hours (h:mm)</th>
            </tr>
          </thead>
          <tbody>
            {(tableOpen ? chart.categories : []).map((c) => (
              <tr key={c.key}>
                <th scope="row">
                  <button type="button" className="reports__link" onClick={() => onSelect(c.key, null, false, c.until)}>
                    {c.until ? `${c.label} to ${c.until.slice(5)}` : c.label}
                  </button>
                </th>
                <td>
                  {c.segments
                    .filter((s) => s.minutes > 0)
                    .map((s) => `${s.label} ${hoursText(s.minutes)}`)
                    .join(', ') || '0:00'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
