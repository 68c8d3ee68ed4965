// The away prompt's first choice when the absence was a calendar meeting (#16): keep the time
// as that meeting, with the client and project the user's rules give it (m).
import type { AwayMeeting, AwayPeriod } from '../../../shared/contract/entries'
import { formatClock } from '../format'
import { useAwayStore } from '../state/awayStore'

export function keepAsMeeting(period: AwayPeriod, meeting: AwayMeeting): Promise<boolean> {
  return useAwayStore.getState().decide({
    decision: 'assign',
    started_at: period.started_at,
    ended_at: period.ended_at,
    project_id: meeting.project_id,
    client_id: meeting.client_id,
    activity_type: 'meeting',
    notes: null,
  })
}

export function AwayMeetingChoice({
  period,
  meeting,
  disabled,
  onDone,
}: {
  period: AwayPeriod
  meeting: AwayMeeting
  disabled: boolean
  onDone(): void
}) {
  return (
    <button
      type="button"
      className="primary"
      onClick={() => void keepAsMeeting(period, meeting).then((ok) => ok && onDone())}
      disabled={disabled}
      data-autofocus
      aria-keyshortcuts="m"
      title={`Calendar: ${formatClock(meeting.started_at)}–${formatClock(meeting.ended_at)}`}
    >
      <kbd>m</kbd> Keep as the meeting &lsquo;{meeting.title}&rsquo;
    </button>
  )
}
