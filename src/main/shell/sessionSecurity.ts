// Session-wide denials: no permission (camera, notifications from the page, geolocation…) is ever
// granted to web content; the app's own notifications come from the main process.
import type { Session } from 'electron'
import { CONTENT_SECURITY_POLICY } from './appOrigin'

export function lockDownSession(session: Session, options: { devServerOrigin?: string } = {}): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler?.(() => false)
  // The bundle served over app:// gets its CSP from the protocol handler; this covers the dev
  // server in `npm run dev` (relaxed for Vite's preamble there by the meta tag only).
  session.webRequest.onHeadersReceived((details, callback) => {
    const fromDevServer = options.devServerOrigin && details.url.startsWith(options.devServerOrigin)
    callback({
      responseHeaders: fromDevServer
        ? details.responseHeaders
        : { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
}
