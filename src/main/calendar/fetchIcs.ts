// One conditional GET of an ICS subscription: If-None-Match / If-Modified-Since from the last
// success, a time limit, a size limit counted while the body streams (a chunked body never sits
// whole in memory), and every redirect checked (subscriptionUrl.ts: assertRedirectAllowed).
import { decodeCalendarBytes } from '../../shared/calendar/decode'
import { errorMessage } from '../../shared/errorMessage'
import { assertAllowed, assertRedirectAllowed, SubscriptionUrlError } from './subscriptionUrl'

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

export async function fetchIcs(
  fetchImpl: typeof fetch,
  address: string,
  validators: Validators,
  timeoutMs = FETCH_TIMEOUT_MS,
  maxBytes = MAX_ICS_BYTES,
): Promise<IcsFetchResult> {
  const tooLarge = {
    kind: 'failed',
    error: `the calendar is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`,
  } as const
  const headers: Record<string, string> = { accept: 'text/calendar, */*;q=0.5' }
  if (validators.etag) headers['if-none-match'] = validators.etag
  if (validators.lastModified) headers['if-modified-since'] = validators.lastModified
  const original = new URL(address)
  let url = original
  try {
    assertAllowed(url)
    for (let hop = 0; ; hop++) {
      const response = await fetchImpl(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
      if (response.status >= 300 && response.status < 400 && response.status !== 304) {
        const location = response.headers.get('location')
        if (!location || hop >= MAX_REDIRECTS)
          return {
            kind: 'failed',
            error: `too many redirects or a redirect without a Location (HTTP ${response.status})`,
          }
        url = new URL(location, url)
        assertRedirectAllowed(original, url)
        continue
      }
      if (response.status === 304) return { kind: 'not_modified' }
      if (!response.ok)
        return {
          kind: 'failed',
          error: `the calendar server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
        }
      const declared = Number(response.headers.get('content-length') ?? '0')
      if (declared > maxBytes) {
        await response.body?.cancel()
        return tooLarge
      }
      const bytes = await readLimited(response, maxBytes)
      if (!bytes) return tooLarge
      return {
        kind: 'ok',
        text: decodeCalendarBytes(bytes).text,
        etag: response.headers.get('etag'),
        lastModified: response.headers.get('last-modified'),
      }
    }
  } catch (error) {
    if (error instanceof SubscriptionUrlError) return { kind: 'failed', error: error.message }
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return { kind: 'failed', error: `no answer from the calendar server within ${Math.round(timeoutMs / 1000)} s` }
    }
    // The message of a network error names the host at most, never the URL's secret path.
    return { kind: 'failed', error: `could not reach the calendar server: ${errorMessage(error)}` }
  }
}

/** The body, or null as soon as it passes maxBytes (the rest is never read). */
async function readLimited(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array()
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}
