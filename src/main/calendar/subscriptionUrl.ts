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
  if (url.username || url.password)
    throw new SubscriptionUrlError('the subscription URL must not contain a user name or password')
  url.hash = ''
  return url.toString()
}

/** https, or http to this machine only (also checked on every redirect). */
export function assertAllowed(url: URL): void {
  if (url.protocol === 'https:') return
  if (url.protocol === 'http:' && isLocalHost(url.hostname)) return
  throw new SubscriptionUrlError(
    `calendar subscriptions must use https:// (plain http only for localhost), not ${url.protocol}//${url.hostname}`,
  )
}

/**
 * Where a redirect may lead (a blind SSRF otherwise: the calendar server picks the address).
 * From a subscription on this machine, anywhere the https rule allows; from any other, only to
 * https hosts that are not this machine, a private network or link-local (cloud metadata).
 * Names are judged as written: a public name that resolves to a private address is not caught.
 */
export function assertRedirectAllowed(original: URL, target: URL): void {
  assertAllowed(target)
  if (isLocalHost(original.hostname)) return
  if (
    target.protocol !== 'https:' ||
    isLocalHost(target.hostname) ||
    isPrivateAddress(target.hostname) ||
    /\.(local|internal|lan|home\.arpa)$/i.test(target.hostname)
  ) {
    throw new SubscriptionUrlError(
      `the calendar server redirected to ${target.protocol}//${target.hostname}, which is not a public https address; not followed`,
    )
  }
}

/** IP literals of loopback, private, carrier-grade NAT, link-local and unspecified ranges (v4 and v6). */
export function isPrivateAddress(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host)
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(mapped?.[1] ?? host)
  if (v4) {
    const [a = 0, b = 0] = v4.slice(1).map(Number)
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    )
  }
  if (!host.includes(':')) return false
  if (host === '::' || host === '::1') return true
  // ::ffff:7f00:1 (mapped, written in hex), fc00::/7 unique local, fe80::/10 link-local
  return host.startsWith('::ffff:') || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)
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
  return `${origin}/… (#${createHash('sha256').update(url).digest('hex').slice(0, 8)})`
}

export const isRedactedUrl = (location: string): boolean => /\/… \(#[0-9a-f]+\)$/.test(location)
