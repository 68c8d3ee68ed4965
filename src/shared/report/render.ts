// A report as files: CSV of totals and of entries (cells through the one CSV writer, formulas
// neutralised), JSON, and a standalone printable HTML page with the charts as inline SVG.
import { csvRow } from '../csv'
import { REPORT_MINUTE_COLUMNS, type Report, type ReportEntry, type ReportRow } from '../contract/report'
import { MINUTE_FIELDS } from './aggregate'
import { activityCategories, barsPerWeek, dailyCategories, stackedBars, type StackedChart } from './chartGeometry'

const KEY_COLUMNS: Record<Report['by'], (keyof ReportRow)[]> = {
  client: ['client', 'client_name'],
  project: ['client', 'client_name', 'project', 'project_name'],
  day: ['day'],
  activity: ['activity'],
}

/** Totals CSV: one line per row of the grouping, then the total (the sum of the lines above). */
export function totalsCsv(report: Report): string {
  const keys = KEY_COLUMNS[report.by]
  let text = csvRow([...keys, ...MINUTE_FIELDS])
  for (const row of report.rows) text += csvRow([...keys.map((k) => row[k]), ...MINUTE_FIELDS.map((f) => row[f])])
  text += csvRow([...keys.map((_, i) => (i === 0 ? 'TOTAL' : '')), ...MINUTE_FIELDS.map((f) => report.totals[f])])
  return text
}

const ENTRY_COLUMNS = [
  'id',
  'started_at',
  'ended_at',
  'status',
  'client',
  'project',
  'activity_type',
  'app',
  'minutes',
  'billed_minutes',
  'sync',
  'sync_reason',
  'notes',
] as const

export function entriesCsv(entries: readonly ReportEntry[]): string {
  let text = csvRow(ENTRY_COLUMNS)
  for (const entry of entries) text += csvRow(ENTRY_COLUMNS.map((c) => entry[c]))
  return text
}

export const reportJson = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`

export const hoursText = (minutes: number): string =>
  `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

function svgChart(chart: StackedChart, id: string, title: string): string {
  const { margin, width, height } = chart.size
  const rects = chart.rects
    .map((r) => {
      const fill = r.hatched ? `url(#${id}-hatch)` : r.color
      return `<rect x="${r.x.toFixed(1)}" y="${r.y.toFixed(1)}" width="${r.width.toFixed(1)}" height="${r.height.toFixed(1)}" fill="${fill}"><title>${escapeHtml(`${r.category}: ${r.label} ${hoursText(r.minutes)}`)}</title></rect>`
    })
    .join('')
  const ticks = chart.ticks
    .map(
      (t) =>
        `<line x1="0" x2="${chart.innerWidth}" y1="${t.y}" y2="${t.y}" stroke="#ddd"/><text x="-6" y="${t.y + 4}" text-anchor="end">${t.hours}</text>`,
    )
    .join('')
  const labels = chart.labels
    .map(
      (l) =>
        `<text x="${l.x.toFixed(1)}" y="${chart.innerHeight + 16}" text-anchor="middle">${escapeHtml(l.label)}</text>`,
    )
    .join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="11" font-family="sans-serif">` +
    `<title id="${id}-title">${escapeHtml(title)}</title>` +
    `<defs><pattern id="${id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#777" stroke-width="2"/></pattern></defs>` +
    `<g transform="translate(${margin.left},${margin.top})">${ticks}${rects}${labels}<text x="-34" y="-2" font-size="10">hours</text></g></svg>`
  )
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`,
    )
    .join('')}</tbody></table>`
}

const MINUTE_HEADERS = REPORT_MINUTE_COLUMNS.map((column) => column.label)
const minuteCells = (row: Pick<ReportRow, (typeof MINUTE_FIELDS)[number]>) =>
  MINUTE_FIELDS.map((f) => hoursText(row[f]))

/** A self-contained page (no script, no external file): prints as it shows. */
export function reportHtml(report: Report): string {
  const title = `Time report ${report.from} to ${report.to}`
  const clientRows: string[][] = []
  for (const client of report.clients) {
    clientRows.push([client.client_name ?? 'No client', ...minuteCells(client)])
    for (const project of client.projects)
      clientRows.push([`  ${project.project_name ?? 'No project'}`, ...minuteCells(project)])
  }
  clientRows.push(['Total', ...minuteCells(report.totals)])
  const daily = stackedBars(dailyCategories(report))
  const period = barsPerWeek(report) ? 'week' : 'day'
  const activity = stackedBars(activityCategories(report))
  const increment =
    report.billing_increment_minutes === 0
      ? 'exact minutes'
      : `rounded up to ${report.billing_increment_minutes} min per entry`
  const issues = report.issues.map((i) => [i.started_at, i.client ?? '', i.project ?? '', i.state, i.reason ?? ''])
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;color:#111;margin:24px}
table{border-collapse:collapse;margin:8px 0 16px}th,td{padding:3px 8px;border-bottom:1px solid #ddd;text-align:right}
th[scope=row],thead th:first-child{text-align:left;white-space:pre}
tbody tr:last-child th,tbody tr:last-child td{font-weight:bold}
svg{max-width:100%;height:auto;display:block}
@media print{body{margin:0}section{break-inside:avoid}}
</style></head><body>
<h1>${escapeHtml(title)}</h1>
<p>Time zone ${escapeHtml(report.time_zone)}. Billed time: ${escapeHtml(increment)} (per-client increments apply); totals are sums of the rounded lines. Hours as h:mm.</p>
<section><h2>Totals by client and project</h2>${table(['Client / project', ...MINUTE_HEADERS], clientRows)}
<p>Unassigned approved time (cannot be billed): ${hoursText(report.totals.unassigned_minutes)}.</p></section>
<section><h2>Approved hours per ${period} by client</h2>${svgChart(daily, 'daily', `Approved hours per ${period} by client; hatched: captured, not approved`)}</section>
<section><h2>Hours by activity type</h2>${svgChart(activity, 'activity', 'Hours by activity type; hatched: captured, not approved')}
${table(
  ['Activity', ...MINUTE_HEADERS],
  report.activities.map((a) => [a.activity ?? '', ...minuteCells(a)]),
)}</section>
<section><h2>Not approved, by app</h2>${table(
    ['App', 'Hours'],
    report.leakage.map((l) => [l.app, hoursText(l.minutes)]),
  )}</section>
${issues.length ? `<section><h2>Approved but not accepted by BillOps (${report.issues_total})</h2>${table(['Started', 'Client', 'Project', 'State', 'Reason'], issues)}</section>` : ''}
</body></html>
`
}
