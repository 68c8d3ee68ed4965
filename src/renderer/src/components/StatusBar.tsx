import { healthLabel } from '../../../shared/captureHealth'
import { useAppStore } from '../state/appStore'
import { SyncIndicator } from './SyncIndicator'

const modeLabel = {
  active: 'Tracking',
  idle: 'Idle',
  paused: 'Paused',
  private: 'Private mode',
  excluded: 'Excluded app',
} as const

export function StatusBar() {
  const status = useAppStore((s) => s.status)
  const error = useAppStore((s) => s.error)
  if (error) {
    return (
      <div role="alert" className="status status--error" data-testid="app-error">
        {error}
      </div>
    )
  }
  if (!status) {
    return (
      <div role="status" className="status" aria-busy="true">
        Connecting…
      </div>
    )
  }
  const degraded = status.capture_health.filter((h) => h.state !== 'ok')
  return (
    <div role="status" className="status" data-testid="app-status">
      <span className={`status__mode status__mode--${status.tracking.mode}`}>{modeLabel[status.tracking.mode]}</span>
      <span>{status.pending_count} awaiting review</span>
      {degraded.length > 0 && (
        <span className="status__health" title={degraded.map((h) => `${h.source}: ${h.reason ?? h.state}`).join('\n')}>
          Capture: {degraded.map(healthLabel).join(', ')}
        </span>
      )}
      <SyncIndicator />
      <span className="status__version">v{status.version}</span>
    </div>
  )
}
