// Every webContents we create (and any a bug might create) is locked to our own origin: no
// navigation away, no new windows, no <webview>. Only a fixed allow-list of external pages opens
// in the user's browser: the configured BillOps server and the help pages.
import type { Event, WebContents } from 'electron'
import { isTrustedUrl } from './appOrigin'

/** The help pages the app links to (the BillOps site's /help section). */
export const HELP_URL = 'https://billops.example/help'

export interface HardenOptions {
  trustedOrigins: readonly string[]
  openExternal: (url: string) => void
  /** the configured BillOps server (settings.server_url), read at the time of each link */
  serverUrl?: () => string | null
}

/**
 * Whether a link may open outside the app: https only, no credentials in the URL, and either the
 * configured server's own origin or a page under HELP_URL. Anything else is denied.
 */
export function isAllowedExternal(raw: string, serverUrl: string | null): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false
  const help = new URL(HELP_URL)
  if (url.origin === help.origin && (url.pathname === help.pathname || url.pathname.startsWith(`${help.pathname}/`)))
    return true
  if (!serverUrl) return false
  try {
    return url.origin === new URL(serverUrl).origin
  } catch {
    return false
  }
}

export function hardenWebContents(contents: WebContents, options: HardenOptions): void {
  const denyUntrusted = (event: Event, url: string) => {
    if (!isTrustedUrl(url, options.trustedOrigins)) event.preventDefault()
  }
  contents.on('will-navigate', denyUntrusted)
  contents.on('will-redirect', denyUntrusted)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // electronegativity: OPEN_EXTERNAL_JS_CHECK — only the allow-list: the server and the help pages
    if (isAllowedExternal(url, options.serverUrl?.() ?? null)) options.openExternal(url)
    return { action: 'deny' }
  })
}
