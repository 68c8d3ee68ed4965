import { Dialog } from '../components/Dialog'

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['j / ↓', 'Next entry'],
  ['k / ↑', 'Previous entry'],
  ['g / G', 'First / last entry'],
  ['x / Space', 'Select or unselect the entry'],
  ['Shift+X', 'Select from the last selected entry to here'],
  ['a', 'Approve the selection (or the current entry)'],
  ['r', 'Reject the selection (or the current entry)'],
  ['e', 'Edit project, client, activity, notes, start and end'],
  ['p', 'Pick the project'],
  ['s', 'Split the entry at a time'],
  ['m', 'Merge the selection (or the entry with the one below)'],
  ['u / Ctrl+Z', 'Undo the last action'],
  ['Esc', 'Clear the selection / close a dialog'],
  ['?', 'This help'],
]

export function HelpOverlay({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} testId="help-overlay">
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(([key, action]) => (
            <tr key={key}>
              <td>
                <kbd>{key}</kbd>
              </td>
              <td>{action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">Away prompt: d discard, k keep as work on the previous entry, a assign to a project.</p>
      <div className="dialog__actions">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  )
}
