// Edit a pending entry: project, client, activity type, notes, start and end (local time), and its
// UTBMS codes (#30) when the app has a matter list and the caller can save them.
import { useState, type FormEvent } from 'react'
import type { EntryEdit, ReviewEntry } from '../../../shared/contract/entries'
import { UTBMS_ACTIVITY_CODES, UTBMS_TASK_CODES } from '../../../shared/matters/utbms'
import { CodeSelect, codeChoice, NONE } from './CodeSelect'
import { Dialog } from './Dialog'
import { ProjectClientFields } from './ProjectClientFields'
import { useProjectClientPicks } from './useProjectClientPicks'
import { fromLocalInput, toLocalInput } from '../format'
import { ActivityOptions } from './ActivityOptions'

interface EditDialogProps {
  entry: ReviewEntry
  focus?: 'project' | 'activity'
  onSave(changes: EntryEdit): Promise<boolean>
  /** codes.set for this entry; without it (or without `entry.billing`) no code fields are shown */
  onSaveCodes?(codes: { task_code?: string | null; activity_code?: string | null }): Promise<boolean>
  onClose(): void
}

export function EditDialog({ entry, focus = 'project', onSave, onSaveCodes, onClose }: EditDialogProps) {
  const billing = onSaveCodes ? entry.billing : undefined
  const initialTask = billing?.task_code ?? NONE
  const initialActivity = billing?.activity_code ?? NONE
  const [task, setTask] = useState(initialTask)
  const [activityCode, setActivityCode] = useState(initialActivity)
  const picks = useProjectClientPicks(entry.project_id, entry.client_id)
  const [activity, setActivity] = useState(entry.activity_type)
  const [notes, setNotes] = useState(entry.notes ?? entry.context_data.narrative ?? '')
  const [start, setStart] = useState(toLocalInput(entry.started_at))
  const [end, setEnd] = useState(toLocalInput(entry.ended_at))
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const startedAt = fromLocalInput(start)
    const endedAt = fromLocalInput(end)
    if (!startedAt || !endedAt) return setError('Enter a valid start and end.')
    if (Date.parse(endedAt) <= Date.parse(startedAt)) return setError('The end must be after the start.')
    const { projectId, clientId } = await picks.settled()
    const changes: EntryEdit = {}
    if (projectId !== entry.project_id) changes.project_id = projectId
    if (clientId !== entry.client_id) changes.client_id = clientId
    if (activity !== entry.activity_type) changes.activity_type = activity as EntryEdit['activity_type']
    const trimmed = notes.trim() || null
    if (trimmed !== entry.notes) changes.notes = trimmed
    // Minute-precision inputs: only send a time the user actually moved.
    if (start !== toLocalInput(entry.started_at)) changes.started_at = startedAt
    if (end !== toLocalInput(entry.ended_at)) changes.ended_at = endedAt
    // only a code the user moved is sent: a suggested activity code stays a suggestion
    const codes = {
      ...(task !== initialTask ? { task_code: codeChoice(task) } : {}),
      ...(activityCode !== initialActivity ? { activity_code: codeChoice(activityCode) } : {}),
    }
    const codesChanged = Object.keys(codes).length > 0
    if (Object.keys(changes).length === 0 && !codesChanged) return onClose()
    if (Object.keys(changes).length > 0 && !(await onSave(changes))) return
    if (codesChanged && onSaveCodes && !(await onSaveCodes(codes))) return
    onClose()
  }

  return (
    <Dialog title="Edit entry" onClose={onClose} testId="edit-dialog">
      <form className="form" onSubmit={submit}>
        <ProjectClientFields
          picks={picks}
          autoFocus={focus === 'project'}
          projectTestId="pick-project"
          clientTestId="pick-client"
        />
        <label>
          Activity type
          <select value={activity} onChange={(e) => setActivity(e.target.value)} autoFocus={focus === 'activity'}>
            <ActivityOptions />
          </select>
        </label>
        <label>
          Notes
          <textarea value={notes} rows={3} onChange={(e) => setNotes(e.target.value)} />
        </label>
        {billing && (
          <div className="form__row">
            <CodeSelect label="Task code" codes={UTBMS_TASK_CODES} value={task} onChange={setTask} />
            <CodeSelect
              label="Activity code"
              codes={UTBMS_ACTIVITY_CODES}
              value={activityCode}
              onChange={setActivityCode}
            />
          </div>
        )}
        {billing?.activity_source === 'suggested' && (
          <p className="muted">Suggested activity: {billing.activity_reason}</p>
        )}
        <div className="form__row">
          <label>
            Start
            <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
          </label>
          <label>
            End
            <input type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} required />
          </label>
        </div>
        {error && (
          <p role="alert" className="form__error">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  )
}
