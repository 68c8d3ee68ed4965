// Where the BillOps API lives. Tokens travel in headers, so plain http is only allowed to this
// machine (the reference server during development); everything else must be https.
import { isLocalHost } from '../../shared/localHost'

export const API_PREFIX = '/api/v1/time-entries'

export class ServerUrlError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ServerUrlError'
  }
}

/**
 * Parses the server address the user typed and returns the base of the time-entries routes
 * (no trailing slash). Accepts the server root (`https://billops.example`) or the full prefix.
 */
export function timeEntriesBase(raw: string): string {
  // `localhost:8000` parses as the scheme "localhost:": an address typed without a scheme gets one
  // answer whichever way it parses, with the spelling to use.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw.trim())) {
    throw new ServerUrlError(
      `"${raw}" has no https:// in front; use e.g. https://billops.example.com (or http://localhost:8000 for a server on this machine)`,
    )
  }
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new ServerUrlError(`"${raw}" is not a URL; use e.g. https://billops.example.com`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ServerUrlError(`the server URL must start with https:// (got ${url.protocol})`)
  if (url.protocol === 'http:' && !isLocalHost(url.hostname)) {
    throw new ServerUrlError(
      `the server URL must use https:// (plain http is only allowed for localhost): ${url.origin}`,
    )
  }
  if (url.username || url.password)
    throw new ServerUrlError('the server URL must not contain a user name or password; the token is set separately')
  if (url.search || url.hash) throw new ServerUrlError('the server URL must not contain a query or fragment')
  const path = url.pathname.replace(/\/+$/, '')
  const base = path.endsWith(API_PREFIX) ? path : `${path}${API_PREFIX}`
  return `${url.origin}${base}`
}
