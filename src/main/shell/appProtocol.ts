// Serves the built renderer from app://bundle/ with a strict CSP header. Paths are resolved inside
// the renderer folder only: `..` tricks get a 404, never a file elsewhere on disk.
import type { Protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './appOrigin'

export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: false, corsEnabled: false },
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** Maps an app:// URL to a file inside `root`, or null when it points anywhere else. */
export function resolveBundlePath(root: string, url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null
  const relative = decodeURIComponent(parsed.pathname === '/' ? '/index.html' : parsed.pathname)
  const file = normalize(join(root, relative))
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null
}

export async function serveBundle(root: string, url: string): Promise<Response> {
  const file = resolveBundlePath(root, url)
  if (!file) return new Response('not found', { status: 404 })
  try {
    const body = await readFile(file)
    return new Response(body, {
      headers: {
        'Content-Type': mimeTypes[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    })
  } catch {
    return new Response('not found', { status: 404 })
  }
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => serveBundle(rendererRoot, request.url))
}
