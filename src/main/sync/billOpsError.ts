// What went wrong talking to BillOps, in the words the sync engine acts on: `kind` says whether to
// retry, stop for a new token, mark the item conflicted or fail it.

export type BillOpsErrorKind =
  /** no answer: DNS, refused, reset, offline */
  | 'network'
  | 'timeout'
  /** a 2xx whose body is not JSON (cut off, proxy page) */
  | 'malformed'
  /** JSON that does not match the contract */
  | 'unexpected_shape'
  | 'unauthorized'
  | 'not_found'
  /** 408, 429 and 5xx */
  | 'server_busy'
  /** any other 4xx */
  | 'rejected'
  /** a route every BillOps server has answered 404/405 (or a read answered another 4xx than
   * 401/403/408/429): the server address is wrong, not the item; nothing can go out until it is fixed */
  | 'misconfigured'
  /** a request this client refuses to send: it would not match the contract */
  | 'invalid_request'

export class BillOpsError extends Error {
  constructor(
    readonly kind: BillOpsErrorKind,
    message: string,
    readonly status: number | null = null,
    /** from Retry-After, when the server sent one */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message)
    this.name = 'BillOpsError'
  }

  /** Worth trying again later with backoff. */
  get retryable(): boolean {
    return (
      this.kind === 'network' || this.kind === 'timeout' || this.kind === 'malformed' || this.kind === 'server_busy'
    )
  }
}

export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null || value.trim() === '') return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs)
}
