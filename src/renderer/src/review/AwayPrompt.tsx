// "You were away": one keystroke each — d discard (the default), k keep as work on the previous
// entry, a assign to a project/client with a note. Esc asks again later.
import { useState, type FormEvent, type KeyboardEvent } from 'react'
import { formatClock, formatMinutes } from '../format'
import { useAwayStore } from '../state/awayStore'
import { useProjectClientPicks } from '../components/useProjectClientPicks'
import { Dialog } from '../components/Dialog'
import { ProjectClientFields } from '../components/ProjectClientFields'
import { AwayMeetingChoice, keepAsMeeting } from '../calendar/AwayMeetingChoice'

export function AwayPrompt() {
  const period = useAwayStore((s) => s.period)
  const deciding = useAwayStore((s) => s.deciding)
  const error = useAwayStore((s) => s.error)
  const [assigning, setAssigning] = useState(false)
  const picks = useProjectClientPicks(null, null)
  const [note, setNote] = useState('')
  if (!period) return null

  const span = { started_at: period.started_at, ended_at: period.ended_at }
  const decide = useAwayStore.getState().decide
  const reset = () => {
    setAssigning(false)
    picks.setProject(null)
    picks.setClient(null)
    setNote('')
  }
  const discard = () => void decide({ decision: 'discard', ...span }).then(reset)
  const keep = () => void decide({ decision: 'keep', ...span }).then(reset)
  const assign = async (event?: FormEvent) => {
    event?.preventDefault()
    const { projectId, clientId } = await picks.settled()
    const ok = await decide({
      decision: 'assign',
      ...span,
      project_id: projectId,
      client_id: clientId,
      notes: note.trim() || null,
      activity_type: 'meeting',
    })
    if (ok) reset()
  }

  function onKey(event: KeyboardEvent<HTMLDivElement>) {
    if (assigning || deciding || event.ctrlKey || event.metaKey || event.altKey) return
    const key = event.key.toLowerCase()
    if (key === 'd') discard()
    else if (key === 'k') keep()
    else if (key === 'a') setAssigning(true)
    else if (key === 'm' && period?.meeting) void keepAsMeeting(period, period.meeting).then((ok) => ok && reset())
    else return
    event.preventDefault()
  }

  return (
    <Dialog
      title={`You were away ${formatMinutes(period.minutes)}`}
      onClose={() => {
        reset()
        useAwayStore.getState().postpone()
      }}
      onKey={onKey}
      testId="away-prompt"
      describedBy="away-prompt-desc"
    >
      <p id="away-prompt-desc">
        From {formatClock(period.started_at)} to {formatClock(period.ended_at)}
        {period.last_app ? ` (last in ${period.last_app})` : ''}. What was this time?
      </p>
      {!assigning ? (
        <div className="away__choices">
          {period.meeting && (
            <AwayMeetingChoice period={period} meeting={period.meeting} disabled={deciding} onDone={reset} />
          )}
          <button
            type="button"
            className={period.meeting ? undefined : 'primary'}
            onClick={discard}
            disabled={deciding}
            data-autofocus={period.meeting ? undefined : true}
            aria-keyshortcuts="d"
          >
            <kbd>d</kbd> Discard — not work
          </button>
          <button type="button" onClick={keep} disabled={deciding} aria-keyshortcuts="k">
            <kbd>k</kbd> Keep as work on the previous entry
          </button>
          <button type="button" onClick={() => setAssigning(true)} disabled={deciding} aria-keyshortcuts="a">
            <kbd>a</kbd> Assign to a project…
          </button>
        </div>
      ) : (
        <form className="form" onSubmit={assign}>
          <ProjectClientFields picks={picks} autoFocus projectTestId="away-project" />
          <label>
            Note
            <input value={note} onChange={(e) => setNote(e.target.value)} placeholder="A meeting, a call…" />
          </label>
          <div className="dialog__actions">
            <button type="button" onClick={() => setAssigning(false)}>
              Back
            </button>
            <button type="submit" className="primary" disabled={deciding}>
              Assign
            </button>
          </div>
        </form>
      )}
      {error && (
        <p role="alert" className="form__error">
          {error}
        </p>
      )}
    </Dialog>
  )
}
