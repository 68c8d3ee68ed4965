// UTBMS codes (#30) for the current entry or the whole selection: a task code (L100–L530) and an
// activity code (A101–A111). For a selection, "Keep" leaves each entry's own code alone.
import { useState, type FormEvent } from 'react'
import type { ReviewEntry } from '../../../shared/contract/entries'
import { UTBMS_ACTIVITY_CODES, UTBMS_TASK_CODES } from '../../../shared/matters/utbms'
import { CodeSelect, codeChoice, KEEP, NONE } from '../components/CodeSelect'
import { Dialog } from '../components/Dialog'

interface CodesDialogProps {
  entries: readonly ReviewEntry[]
  onSave(codes: { task_code?: string | null; activity_code?: string | null }): Promise<boolean>
  onClose(): void
}

export function CodesDialog({ entries, onSave, onClose }: CodesDialogProps) {
  const bulk = entries.length > 1
  const only = bulk ? undefined : entries[0]?.billing
  const [task, setTask] = useState(bulk ? KEEP : (only?.task_code ?? NONE))
  const [activity, setActivity] = useState(bulk ? KEEP : (only?.activity_code ?? NONE))

  async function submit(event: FormEvent) {
    event.preventDefault()
    const codes = { task_code: codeChoice(task), activity_code: codeChoice(activity) }
    if (await onSave(Object.fromEntries(Object.entries(codes).filter(([, v]) => v !== undefined)))) onClose()
  }

  return (
    <Dialog
      title={bulk ? `UTBMS codes for ${entries.length} entries` : 'UTBMS codes'}
      onClose={onClose}
      testId="codes-dialog"
    >
      <form className="form" onSubmit={submit}>
        {only?.activity_source === 'suggested' && <p className="muted">Suggested activity: {only.activity_reason}</p>}
        <CodeSelect label="Task code" codes={UTBMS_TASK_CODES} value={task} onChange={setTask} bulk={bulk} autoFocus />
        <CodeSelect
          label="Activity code"
          codes={UTBMS_ACTIVITY_CODES}
          value={activity}
          onChange={setActivity}
          bulk={bulk}
        />
        <p className="muted">Codes you choose are remembered for similar work.</p>
        <div className="dialog__actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save codes
          </button>
        </div>
      </form>
    </Dialog>
  )
}
