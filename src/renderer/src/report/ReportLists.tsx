// Two lists of the Reports view: the approved entries BillOps did not accept (failed or
// conflicted, with the reason), and the captured time never approved, per app, each app a way
// into its entries, longest first.
import type { Report } from '../../../shared/contract/report'
import { hoursText } from '../../../shared/report/render'
import { formatClock, formatDayHeading, localDayKey } from '../format'
import type { Drill } from './ReportTotalsTable'

export function SyncIssuesList({ issues, total }: { issues: Report['issues']; total: number }) {
  if (total === 0) return null
  return (
    <section aria-labelledby="reports-issues" className="reports__issues">
      <h3 id="reports-issues">Approved but not accepted by BillOps ({total})</h3>
      <ul>
        {issues.map((issue) => (
          <li key={issue.entry_id} data-testid="report-issue">
            {formatDayHeading(localDayKey(issue.started_at))} {formatClock(issue.started_at)}–
            {formatClock(issue.ended_at)} · {issue.state === 'failed' ? 'Failed' : 'Conflicted'}:{' '}
            {issue.reason ?? 'no reason given'}
          </li>
        ))}
      </ul>
    </section>
  )
}

export function LeakageList({
  leakage,
  minutes,
  onDrill,
}: {
  leakage: Report['leakage']
  minutes: number
  onDrill(drill: Drill): void
}) {
  return (
    <section aria-labelledby="reports-leakage">
      <h3 id="reports-leakage">Not approved, by app ({hoursText(minutes)})</h3>
      {leakage.length === 0 ? (
        <p className="empty">Every captured minute is in an approved entry.</p>
      ) : (
        <ul className="reports__leakage">
          {leakage.map((leak) => (
            <li key={leak.app} data-testid="report-leak">
              <button
                type="button"
                className="reports__link"
                onClick={() =>
                  onDrill({
                    label: `${leak.app}, not approved, longest first`,
                    filter: { app: leak.app, status: 'unapproved' },
                    order: 'longest',
                  })
                }
              >
                {leak.app}
              </button>{' '}
              {hoursText(leak.minutes)}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
