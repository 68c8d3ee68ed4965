import { Dialog } from '../components/Dialog'
import { KEYMAP } from './keymap'

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
          {KEYMAP.map(({ label, help }) => (
            <tr key={label}>
              <td>
                <kbd>{label}</kbd>
              </td>
              <td>{help}</td>
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
