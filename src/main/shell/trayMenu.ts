// The tray menu as data: built from the app state, so tests can read it without a display and the
// shell can rebuild it (Linux needs setContextMenu again after every change).
import type { MenuItemConstructorOptions } from 'electron'
import type { AppStatus } from '../../shared/contract'
import { PAUSE_PRESETS } from '../../shared/contract/capture'

export interface TrayActions {
  pause(minutes: number | null): void
  resume(): void
  openReview(): void
  syncNow(): void
  setPrivateMode(enabled: boolean): void
  setStartAtLogin(enabled: boolean): void
  quit(): void
}

export type TrayIconKind = 'normal' | 'paused' | 'attention'

export function trayIconKind(status: AppStatus): TrayIconKind {
  if (status.tracking.mode === 'paused') return 'paused'
  if (status.pending_count > 0 || status.capture_health.some((h) => h.state === 'degraded')) return 'attention'
  return 'normal'
}

export function trayStatusLine(status: AppStatus): string {
  const mode =
    status.tracking.mode === 'paused'
      ? status.tracking.paused_until
        ? `Paused until ${new Date(status.tracking.paused_until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
        : 'Paused'
      : status.tracking.mode === 'active'
        ? 'Tracking'
        : status.tracking.mode[0].toUpperCase() + status.tracking.mode.slice(1)
  const degraded = status.capture_health.filter((h) => h.state !== 'ok' && h.source !== 'store')
  const health = degraded.length ? ` · capture ${degraded.map((h) => h.source).join(', ')} ${degraded[0].state}` : ''
  return `${mode} · ${status.pending_count} to review${health}`
}

export function trayMenuTemplate(
  status: AppStatus,
  startAtLogin: boolean,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const paused = status.tracking.mode === 'paused'
  return [
    { id: 'status', label: trayStatusLine(status), enabled: false },
    { type: 'separator' },
    paused
      ? { id: 'resume', label: 'Resume tracking', click: () => actions.resume() }
      : {
          id: 'pause',
          label: 'Pause tracking',
          submenu: PAUSE_PRESETS.map(({ id, label, minutes }) => ({ id, label, click: () => actions.pause(minutes) })),
        },
    {
      id: 'private-mode',
      label: 'Private mode (record only "private")',
      type: 'checkbox',
      checked: status.tracking.mode === 'private',
      click: (item) => actions.setPrivateMode(item.checked),
    },
    { id: 'open-review', label: 'Open review queue…', click: () => actions.openReview() },
    { id: 'sync-now', label: 'Sync now', click: () => actions.syncNow() },
    { type: 'separator' },
    {
      id: 'start-at-login',
      label: 'Start at login',
      type: 'checkbox',
      checked: startAtLogin,
      click: (item) => actions.setStartAtLogin(item.checked),
    },
    { type: 'separator' },
    { id: 'quit', label: 'Quit BillOps Tracker', role: undefined, click: () => actions.quit() },
  ]
}
