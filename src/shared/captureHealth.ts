// How a capture backend names itself and its state in health reasons, and how the status bar,
// Settings and `billops capture` read it back: one format, written and parsed here only.
// A Wayland backend's reason reads "GNOME Shell: needs a new login (what is missing); …".

/**
 * - ok: front window and presence are both seen
 * - needs the extension: GNOME without our extension running (switched off, failed, too new…)
 * - needs a new login: the extension was just installed; GNOME loads it at the next login
 * - idle only: presence is recorded, but this desktop gives no way to see the front window
 */
export const BACKEND_STATES = ['ok', 'needs the extension', 'needs a new login', 'idle only'] as const
export type BackendState = (typeof BACKEND_STATES)[number]

/** One health reason, e.g. "GNOME Shell: needs a new login (…); capture is idle only until then". */
export function backendReason(desktop: string, state: BackendState, detail: string | null): string {
  const base = `${desktop}: ${state}${detail ? ` (${detail})` : ''}`
  return state === 'ok' || state === 'idle only' ? base : `${base}; capture is idle only until then`
}

export interface BackendHealth {
  desktop: string
  state: BackendState
}

/** The backend and state named in a health reason, or null for reasons of other kinds. */
export function parseBackendReason(reason: string | null): BackendHealth | null {
  if (!reason) return null
  for (const state of BACKEND_STATES) {
    const at = reason.indexOf(`: ${state}`)
    if (at > 0) return { desktop: reason.slice(0, at), state }
  }
  return null
}

/** A short label for one source's health: "GNOME Shell needs a new login", else "window off". */
export function healthLabel(health: { source: string; state: string; reason: string | null }): string {
  const backend = parseBackendReason(health.reason)
  return backend ? `${backend.desktop} ${backend.state}` : `${health.source} ${health.state}`
}
