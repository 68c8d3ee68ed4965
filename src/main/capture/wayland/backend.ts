// What every desktop backend provides, and the words capture health uses for it (status bar,
// Settings, `billops capture`): which desktop, what state, and what is missing.
import type { SourceLifecycle, WindowListener } from '../types'
import type { SessionBus } from './sessionBus'

export interface WaylandWindowBackend {
  start(bus: SessionBus, env: NodeJS.ProcessEnv, onChange: WindowListener, lifecycle: SourceLifecycle): Promise<void>
  stop(): Promise<void>
}

/**
 * - ok: front window and presence are both seen
 * - needs the extension: GNOME without our extension running (switched off, failed, too new…)
 * - needs a new login: the extension was just installed; GNOME loads it at the next login
 * - idle only: presence is recorded, but this desktop gives no way to see the front window
 */
export type BackendState = 'ok' | 'needs the extension' | 'needs a new login' | 'idle only'

/** One health line, e.g. "GNOME Shell: needs a new login (…); capture is idle only until then". */
export function backendReason(desktop: string, state: BackendState, detail: string | null): string {
  const base = `${desktop}: ${state}${detail ? ` (${detail})` : ''}`
  return state === 'ok' || state === 'idle only' ? base : `${base}; capture is idle only until then`
}
