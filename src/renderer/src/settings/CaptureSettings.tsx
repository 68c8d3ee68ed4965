// What capture can see right now, per source, with the backend's own words (GNOME Shell needs a
// new login, idle only…) and what is missing: on Wayland the user must learn here, not from lost
// time, that windows are not being seen.
import { healthLabel } from '../../../shared/captureHealth'
import { useAppStore } from '../state/appStore'

const SOURCE_NAMES = { input: 'Activity', window: 'Front window', system: 'Lock and sleep', store: 'Database' } as const

export function CaptureSettings() {
  // select the stored array itself (a new `[]` per call would re-render forever)
  const health = useAppStore((s) => s.status?.capture_health) ?? []
  return (
    <fieldset className="settings__section" data-testid="capture-health">
      <legend>Capture</legend>
      {health.length === 0 && <p className="muted">Capture has not reported yet.</p>}
      <ul>
        {health.map((h) => (
          <li key={h.source}>
            <strong>{SOURCE_NAMES[h.source]}</strong>: {h.state === 'ok' ? 'ok' : healthLabel(h)}
            {h.reason && h.state !== 'ok' && <small className="muted"> — {h.reason}</small>}
          </li>
        ))}
      </ul>
      <p className="muted">
        On Wayland (GNOME, KDE) no app may watch the keyboard, so activity is recorded as presence: each second the
        desktop saw you active counts, without key or click counts.
      </p>
    </fieldset>
  )
}
