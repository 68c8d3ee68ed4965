// Every webContents we create (and any a bug might create) is locked to our own origin: no
// navigation away, no new windows, no <webview>. External https links open in the user's browser.
import type { Event, WebContents } from 'electron'
import { isTrustedUrl } from './appOrigin'

export interface HardenOptions {
  trustedOrigins: readonly string[]
  openExternal: (url: string) => void
}

export function hardenWebContents(contents: WebContents, options: HardenOptions): void {
  const denyUntrusted = (event: Event, url: string) => {
    if (!isTrustedUrl(url, options.trustedOrigins)) event.preventDefault()
  }
  contents.on('will-navigate', denyUntrusted)
  contents.on('will-redirect', denyUntrusted)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // electronegativity: OPEN_EXTERNAL_JS_CHECK — only https URLs, never file: or custom schemes
    if (isExternalHttps(url)) options.openExternal(url)
    return { action: 'deny' }
  })
}

function isExternalHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}
