// Before approving (#30): the client's billing guidelines the chosen entries break, listed first,
// each with its reason code. Approving anyway is allowed; the LEDES export will still refuse them.
import type { ReviewEntry } from '../../../shared/contract/entries'
import { Dialog } from '../components/Dialog'
import { formatClock } from '../format'

interface ViolationsDialogProps {
  entries: readonly ReviewEntry[]
  total: number
  onApprove(): void
  onClose(): void
}

/** The pending entries among `entries` that break a guideline. */
export const withViolations = (entries: readonly ReviewEntry[]): ReviewEntry[] =>
  entries.filter((e) => (e.billing?.violations.length ?? 0) > 0)

export function ViolationsDialog({ entries, total, onApprove, onClose }: ViolationsDialogProps) {
  return (
    <Dialog
      title={`${entries.length} of ${total} ${total === 1 ? 'entry breaks' : 'entries break'} billing guidelines`}
      onClose={onClose}
      testId="violations-dialog"
    >
      <ul className="violations">
        {entries.map((entry) => (
          <li key={entry.id}>
            {formatClock(entry.started_at)}–{formatClock(entry.ended_at)}:
            <ul>
              {entry.billing?.violations.map((v) => (
                <li key={v.code}>
                  <strong>{v.code}</strong> {v.message}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <p className="muted">
        Fix them first (e to edit the notes, c for the codes), or approve anyway: the LEDES export will still list them.
      </p>
      <div className="dialog__actions">
        <button type="button" onClick={onClose} data-autofocus>
          Back to the queue
        </button>
        <button type="button" className="primary" onClick={onApprove}>
          Approve all {total}
        </button>
      </div>
    </Dialog>
  )
}
