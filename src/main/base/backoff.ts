// Exponential backoff with "equal jitter": half the delay is fixed, half random, so a fleet of
// clients that failed together does not retry together.
export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 5 * 60_000 }

/** Delay before attempt number `attempt` (1 = first retry); Retry-After wins when given. */
export function retryDelayMs(policy: BackoffPolicy, attempt: number, random: () => number, retryAfterMs: number | null = null): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, 60 * 60_000)
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential / 2 + (exponential / 2) * random())
}
