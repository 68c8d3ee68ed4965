// Matter coverage (#30) for the report's period: how much of the captured and of the approved
// time carries a matter, by local day and by app — whether the matter list is doing its job.
import { useEffect, useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import type { ReportRange } from '../../../shared/contract/report'
import { errorMessage } from '../../../shared/errorMessage'
import { hoursText } from '../../../shared/report/render'
import { formatDayHeading } from '../format'
import { useAppStore } from '../state/appStore'

type Coverage = MethodOutput<'matters.coverage'>
type CoverageRow = Coverage['total']

/** "75 %", or an em dash when there is no time to share out. */
export function shareText(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '—'
}

function Cells({ row }: { row: CoverageRow }) {
  return (
    <>
      <td>{hoursText(row.captured_minutes)}</td>
      <td>{shareText(row.captured_with_matter_minutes, row.captured_minutes)}</td>
      <td>{hoursText(row.approved_minutes)}</td>
      <td>{shareText(row.approved_with_matter_minutes, row.approved_minutes)}</td>
    </>
  )
}

function CoverageTable({
  caption,
  keyName,
  rows,
  total,
  label,
  testId,
}: {
  caption: string
  keyName: string
  rows: CoverageRow[]
  total: CoverageRow
  label(key: string): string
  testId: string
}) {
  return (
    <table className="reports__table" data-testid={testId}>
      <caption className="reports__caption">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{keyName}</th>
          <th scope="col">Captured</th>
          <th scope="col">Captured with a matter</th>
          <th scope="col">Approved</th>
          <th scope="col">Approved with a matter</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{label(row.key)}</th>
            <Cells row={row} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <Cells row={total} />
        </tr>
      </tfoot>
    </table>
  )
}

/** `reloadKey` changes when the report is rebuilt (an edit, a new period), so the figures follow it. */
export function MatterCoverage({ range, reloadKey }: { range: ReportRange; reloadKey: unknown }) {
  const api = useAppStore((s) => s.api)
  const [coverage, setCoverage] = useState<Coverage | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!api) return
    let current = true
    api.call('matters.coverage', range).then(
      (next) => current && (setCoverage(next), setError(null)),
      (e: unknown) => current && setError(`Could not compute the matter coverage: ${errorMessage(e)}`),
    )
    return () => {
      current = false
    }
  }, [api, range, reloadKey])

  return (
    <section aria-labelledby="reports-coverage" data-testid="matter-coverage">
      <h3 id="reports-coverage">Matter coverage</h3>
      {error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
      {coverage && coverage.total.captured_minutes === 0 && <p className="empty">No captured time in this period.</p>}
      {coverage && coverage.total.captured_minutes > 0 && (
        <>
          <p className="muted">
            Share of time that has a matter:{' '}
            {shareText(coverage.total.captured_with_matter_minutes, coverage.total.captured_minutes)} of captured,{' '}
            {shareText(coverage.total.approved_with_matter_minutes, coverage.total.approved_minutes)} of approved.
          </p>
          <CoverageTable
            caption="Matter coverage by day"
            keyName="Day"
            rows={coverage.days}
            total={coverage.total}
            label={formatDayHeading}
            testId="coverage-days"
          />
          <CoverageTable
            caption="Matter coverage by app"
            keyName="App"
            rows={coverage.apps}
            total={coverage.total}
            label={(key) => key}
            testId="coverage-apps"
          />
        </>
      )}
    </section>
  )
}
