// The totals of a report, client → project, with each client's billing increment; a client or
// project opens its entries.
import { REPORT_MINUTE_COLUMNS, type Report, type ReportEntryFilter } from '../../../shared/contract/report'
import { hoursText } from '../../../shared/report/render'

/** What the drill-down lists: a label for its heading and the filter for report.entries. */
export interface Drill {
  label: string
  filter: ReportEntryFilter
  /** default: oldest first */
  order?: 'time' | 'longest'
}

const MINUTE_COLUMNS = REPORT_MINUTE_COLUMNS.filter((column) => column.inTable).map(
  (column) => [column.field, column.label] as const,
)

interface Props {
  report: Report
  /** client id → increment chosen for it (absent: the global one) */
  clientIncrements: Record<string, number>
  onDrill(drill: Drill): void
  /** 'global', '0', '6' or '15' */
  onIncrement(client: string, value: string): void
}

export function ReportTotalsTable({ report, clientIncrements, onDrill, onIncrement }: Props) {
  return (
    <table className="reports__table" data-testid="report-totals">
      <thead>
        <tr>
          <th scope="col">Client / project</th>
          {MINUTE_COLUMNS.map(([key, label]) => (
            <th key={key} scope="col">
              {label}
            </th>
          ))}
          <th scope="col">Billing increment</th>
        </tr>
      </thead>
      <tbody>
        {report.clients.flatMap((client) => [
          <tr key={`c:${client.client}`} className="reports__client" data-testid="report-client-row">
            <th scope="row">
              <button
                type="button"
                className="reports__link"
                onClick={() =>
                  onDrill({ label: client.client_name ?? 'No client', filter: { client: client.client ?? '' } })
                }
              >
                {client.client_name ?? 'No client'}
              </button>
            </th>
            {MINUTE_COLUMNS.map(([key]) => (
              <td key={key}>{hoursText(client[key] as number)}</td>
            ))}
            <td>
              {client.client !== null && client.client !== undefined && (
                <select
                  aria-label={`Billing increment for ${client.client_name ?? client.client}`}
                  value={String(clientIncrements[client.client] ?? 'global')}
                  onChange={(e) => onIncrement(client.client!, e.target.value)}
                >
                  <option value="global">
                    Global ({report.billing_increment_minutes ? `${report.billing_increment_minutes} min` : 'exact'})
                  </option>
                  <option value="0">Exact minutes</option>
                  <option value="6">6 min</option>
                  <option value="15">15 min</option>
                </select>
              )}
            </td>
          </tr>,
          ...client.projects.map((project) => (
            <tr key={`p:${client.client}:${project.project}`} data-testid="report-project-row">
              <th scope="row" className="reports__project">
                <button
                  type="button"
                  className="reports__link"
                  onClick={() =>
                    onDrill({
                      label: `${client.client_name ?? 'No client'} / ${project.project_name ?? 'No project'}`,
                      filter: { client: client.client ?? '', project: project.project ?? '' },
                    })
                  }
                >
                  {project.project_name ?? 'No project'}
                </button>
              </th>
              {MINUTE_COLUMNS.map(([key]) => (
                <td key={key}>{hoursText(project[key] as number)}</td>
              ))}
              <td />
            </tr>
          )),
        ])}
      </tbody>
      <tfoot>
        <tr data-testid="report-total-row">
          <th scope="row">Total</th>
          {MINUTE_COLUMNS.map(([key]) => (
            <td key={key} data-field={key}>
              {hoursText(report.totals[key as keyof Report['totals']])}
            </td>
          ))}
          <td />
        </tr>
      </tfoot>
    </table>
  )
}
