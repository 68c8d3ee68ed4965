// The entries behind a row, bar or app of a report: when, status, where they are billed, sync
// state with its reason; pending ones can be edited, unapproved ones shown in the timeline.
import type { ReportEntry } from '../../../shared/contract/report'
import { hoursText } from '../../../shared/report/render'
import { activityLabel, formatClock, localDayKey } from '../format'

const SYNC_LABEL: Record<string, string> = {
  synced: 'Synced',
  queued: 'Waiting to sync',
  failed: 'Failed',
  conflicted: 'Conflicted',
  unconfirmed: 'Not confirmed',
  not_queued: 'Not sent',
}

interface Props {
  entries: ReportEntry[]
  clientName(id: string | null): string
  onEdit(id: string): void
  onOpenTimeline(day: string): void
}

export function ReportEntriesTable({ entries, clientName, onEdit, onOpenTimeline }: Props) {
  return (
    <table className="reports__table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Status</th>
          <th scope="col">Client / project</th>
          <th scope="col">Activity</th>
          <th scope="col">App</th>
          <th scope="col">Time</th>
          <th scope="col">Billed</th>
          <th scope="col">Sync</th>
          <th scope="col">
            <span className="reports__sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid="report-entry" data-entry-id={e.id}>
            <th scope="row">
              {localDayKey(e.started_at)} {formatClock(e.started_at)}–{formatClock(e.ended_at)}
            </th>
            <td>{e.status}</td>
            <td>
              {clientName(e.client)} / {e.project ?? 'No project'}
            </td>
            <td>{activityLabel(e.activity_type)}</td>
            <td>{e.app ?? ''}</td>
            <td>{hoursText(e.minutes)}</td>
            <td>{e.status === 'approved' ? hoursText(e.billed_minutes) : ''}</td>
            <td title={e.sync_reason ?? undefined}>
              {e.sync ? `${SYNC_LABEL[e.sync]}${e.sync_reason && e.sync !== 'synced' ? `: ${e.sync_reason}` : ''}` : ''}
            </td>
            <td className="reports__actions">
              {e.status === 'pending' && (
                <button type="button" onClick={() => onEdit(e.id)}>
                  Edit
                </button>
              )}
              {e.status !== 'approved' && (
                <button type="button" onClick={() => onOpenTimeline(localDayKey(e.started_at))}>
                  Show in timeline
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
