// The renderer is served from a privileged custom scheme (not file://), so it has a real origin
// that CSP 'self' and the IPC sender check can rely on.
export const APP_SCHEME = 'app'
export const APP_HOST = 'bundle'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** The same policy as the meta tag in index.html, also sent as a response header. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')

/** Origins our own windows load from: the app bundle, and the Vite dev server in `npm run dev`. */
export function trustedOrigins(devServerUrl: string | undefined): string[] {
  const origins = [APP_ORIGIN]
  if (devServerUrl) origins.push(new URL(devServerUrl).origin)
  return origins
}

/** True only for a URL on one of our own origins. Unparseable URLs are not trusted. */
export function isTrustedUrl(url: string | undefined, origins: readonly string[]): boolean {
  if (!url) return false
  try {
    const parsed = new URL(url)
    // `new URL('app://bundle/x').origin` is "null" for non-special schemes: compare parts instead.
    const origin = `${parsed.protocol}//${parsed.host}`
    return origins.includes(origin)
  } catch {
    return false
  }
}
