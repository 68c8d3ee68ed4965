// One conditional GET of an ICS subscription: If-None-Match / If-Modified-Since from the last
// success, a time limit, a size limit, and every redirect checked against the https rule.
import { errorMessage } from '../../shared/errorMessage'
import { assertAllowed } from './subscriptionUrl'

export const FETCH_TIMEOUT_MS = 30_000
export const MAX_ICS_BYTES = 32 * 1024 * 1024
const MAX_REDIRECTS = 5

export type IcsFetchResult =
  | { kind: 'ok'; text: string; etag: string | null; lastModified: string | null }
  | { kind: 'not_modified' }
  | { kind: 'failed'; error: string }

export interface Validators {
  etag: string | null
  lastModified: string | null
}

export async function fetchIcs(fetchImpl: typeof fetch, address: string, validators: Validators, timeoutMs = FETCH_TIMEOUT_MS): Promise<IcsFetchResult> {
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' }
  if (validators.etag) headers['if-none-match'] = validators.etag
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified
  let url = new URL(address)
  try {
    for (let hop = 0; ; hop++) {
      assertAllowed(url)
      const response = await fetchImpl(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location')
        if (!location || hop >= MAX_REDIRECTS) return { kind: 'failed', error: `too many redirects or a redirect without a Location (HTTP ${response.status})` }
        url = new URL(location, url)
        continue
      }
      if (response.status === 304) return { kind: 'not_modified' }
      if (!response.ok) return { kind: 'failed', error: `the calendar server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` }
      const declared = Number(response.headers.get('content-length') ?? '0')
      if (declared > MAX_ICS_BYTES) return { kind: 'failed', error: `the calendar is larger than ${MAX_ICS_BYTES / 1024 / 1024} MB` }
      const text = await response.text()
      if (text.length > MAX_ICS_BYTES) return { kind: 'failed', error: `the calendar is larger than ${MAX_ICS_BYTES / 1024 / 1024} MB` }
      return { kind: 'ok', text, etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') }
    }
  } catch (error) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return { kind: 'failed', error: `no answer from the calendar server within ${Math.round(timeoutMs / 1000)} s` }
    }
    // The message of a network error names the host at most, never the URL's secret path.
    return { kind: 'failed', error: `could not reach the calendar server: ${errorMessage(error)}` }
  }
}
