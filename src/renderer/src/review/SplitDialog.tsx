// Split a pending entry in two at a time the user picks (defaults to the middle).
import { useState, type FormEvent } from 'react'
import type { ReviewEntry } from '../../../shared/contract/entries'
import { Dialog } from '../components/Dialog'
import { formatClock, fromLocalInput, toLocalInput } from '../format'
import { isoSeconds } from '../../../shared/isoTime'

interface SplitDialogProps {
  entry: ReviewEntry
  onSplit(at: string): Promise<boolean>
  onClose(): void
}

export function SplitDialog({ entry, onSplit, onClose }: SplitDialogProps) {
  const startMs = Date.parse(entry.started_at)
  const endMs = Date.parse(entry.ended_at)
  const middle = isoSeconds(startMs + Math.round((endMs - startMs) / 2 / 60_000) * 60_000)
  const [value, setValue] = useState(toLocalInput(middle))
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const at = fromLocalInput(value)
    if (!at || Date.parse(at) <= startMs || Date.parse(at) >= endMs) {
      return setError(`Pick a time between ${formatClock(entry.started_at)} and ${formatClock(entry.ended_at)}.`)
    }
    if (await onSplit(at)) onClose()
  }

  return (
    <Dialog title="Split entry" onClose={onClose} testId="split-dialog">
      <form className="form" onSubmit={submit}>
        <p className="muted">
          {formatClock(entry.started_at)}–{formatClock(entry.ended_at)} becomes two entries at the time you choose.
        </p>
        <label>
          Split at
          <input
            type="datetime-local"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            data-autofocus
            required
          />
        </label>
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
            Split
          </button>
        </div>
      </form>
    </Dialog>
  )
}
