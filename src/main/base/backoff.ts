// Exponential backoff, one policy shape for everything that retries. Requests to a server add
// "equal jitter" (half the delay fixed, half random) so a fleet of clients that failed together
// does not retry together; a local capture source retries on the plain doubling, which its
// health line shows ("retrying in 4 s").
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

/** Sync requests to BillOps. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 }
/** Restarts of a capture source that failed (no X server yet, a permission not granted). */
export const SOURCE_RESTART_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 }

/** The delay before attempt number `attempt` (1 = first retry), without jitter. */
export function exponentialDelayMs(policy: BackoffPolicy, attempt: number): number {
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
}

/** Delay before attempt number `attempt` (1 = first retry); Retry-After wins when given. */
export function retryDelayMs(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs: number | null = null,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, 60 * 60_000)
  const exponential = exponentialDelayMs(policy, attempt)
  return Math.round(exponential / 2 + (exponential / 2) * random())
}
