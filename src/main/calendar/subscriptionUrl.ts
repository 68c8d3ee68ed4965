// An ICS subscription address as the user pastes it: webcal:// is https in disguise; plain
// http only to this machine. The URL often carries a secret token: it is never logged.
import { createHash } from 'node:crypto'
import { isLocalHost } from '../../shared/localHost'

export class SubscriptionUrlError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SubscriptionUrlError'
  }
}

export function subscriptionUrl(raw: string): string {
  const text = raw.trim().replace(/^webcals?:\/\//i, 'https://')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new SubscriptionUrlError(`"${raw}" is not a URL; use the calendar's ICS subscription address (https://…)`)
  }
  assertAllowed(url)
  if (url.username || url.password) throw new SubscriptionUrlError('the subscription URL must not contain a user name or password')
  url.hash = ''
  return url.toString()
}

/** https, or http to this machine only (also checked on every redirect). */
export function assertAllowed(url: URL): void {
  if (url.protocol === 'https:') return
  if (url.protocol === 'http:' && isLocalHost(url.hostname)) return
  throw new SubscriptionUrlError(`calendar subscriptions must use https:// (plain http only for localhost), not ${url.protocol}//${url.hostname}`)
}

/**
 * What may be shown of a subscription URL (Settings, `calendar list`, IPC, logs): its host and a
 * short hint that tells two subscriptions apart, never the path or query where the secret is.
 */
export function redactedUrl(url: string): string {
  let origin: string
  try {
    origin = new URL(url).origin
  } catch {
    origin = 'subscription'
  }
  return `${origin}/… (#${createHash('sha256').update(url).digest('hex').slice(0, 6)})`
}
