// Test transport: serves the built renderer to a real browser and forwards its `window.billops`
// calls to the same dispatcher the Electron IPC binding uses, so e2e tests exercise the real
// contract, handlers and database without an Electron binary. The page's `window.billops` is the
// preload's own `createBridge` (src/shared/contract/bridge.ts) over fetch + Server-Sent Events:
// `bridgeEntry.ts`, bundled with esbuild once per process.
//
// It forwards to a real dispatcher, so it answers only the browser of this run: every transport
// makes a random secret, handed over once through the start URL it returns (`url`), which sets it
// as an HttpOnly SameSite=Strict cookie and redirects to the app; every other request needs that
// cookie, and the Host header must name this server (127.0.0.1 or localhost with its port), which
// a DNS-rebinding page cannot fake. The page's bridge needs no change: same-origin fetch and
// EventSource send the cookie.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { build } from 'esbuild'
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { Core } from '../../src/main/app/createCore'
import { CONTENT_SECURITY_POLICY } from '../../src/main/shell/appOrigin'

export interface TestTransport {
  /** the start URL for the browser: it carries this run's secret and redirects to the app */
  url: string
  /** http://127.0.0.1:port, for building other addresses (they need the cookie the start URL sets) */
  origin: string
  close(): Promise<void>
}

const SESSION_PATH = '/__billops/session'
const COOKIE = 'billops_e2e'

export interface TestTransportOptions {
  core: Pick<Core, 'dispatch' | 'events'>
  rendererDir?: string
  port?: number
}

const mime: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
}

const MAX_BODY = 1024 * 1024

let bridgeBundle: Promise<string> | undefined

/** The page script that installs `window.billops`: bridgeEntry.ts and what it imports, one IIFE. */
export function bundleBridgeScript(): Promise<string> {
  bridgeBundle ??= build({
    entryPoints: [join(__dirname, 'bridgeEntry.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text)
  bridgeBundle.catch(() => {
    bridgeBundle = undefined // a failed bundle is reported to its caller; the next start retries
  })
  return bridgeBundle
}

export async function startTestTransport(options: TestTransportOptions): Promise<TestTransport> {
  const root = resolve(options.rendererDir ?? join(__dirname, '../../out/renderer'))
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`no built renderer at ${root}: run \`npm run build\` first`)
  }
  const bridgeScript = await bundleBridgeScript()
  const secret = randomBytes(32).toString('hex')
  let allowedHosts = new Set<string>()
  const sseClients = new Set<ServerResponse>()
  const unsubscribe = options.core.events.onAny((name, payload) => {
    const frame = `data: ${JSON.stringify({ name, payload })}\n\n`
    for (const client of sseClients) client.write(frame)
  })

  const server = createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end(String(error))
    })
  })

  const deny = (res: ServerResponse, why: string) => {
    res.writeHead(403, { 'Content-Type': 'text/plain' })
    res.end(why)
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) return deny(res, 'unexpected Host header')
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === SESSION_PATH) {
      if (!sameSecret(url.searchParams.get('key'), secret)) return deny(res, 'wrong key')
      res.writeHead(302, {
        Location: '/',
        'Set-Cookie': `${COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict`,
        'Cache-Control': 'no-store',
      })
      res.end()
      return
    }
    if (!sameSecret(cookieValue(req.headers.cookie, COOKIE), secret))
      return deny(res, "this test run's secret is missing")
    if (url.pathname === '/__billops/invoke' && req.method === 'POST') {
      const origin = req.headers.origin
      if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, '')))
        return deny(res, 'cross-origin call')
      const body = await readBody(req)
      let call: { method?: unknown; input?: unknown }
      try {
        call = JSON.parse(body) as { method?: unknown; input?: unknown }
      } catch {
        res.writeHead(400, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'body is not JSON' } }))
        return
      }
      const result = await options.core.dispatch(call.method, call.input)
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(result))
      return
    }
    if (url.pathname === '/__billops/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
      res.write(': connected\n\n')
      sseClients.add(res)
      req.on('close', () => sseClients.delete(res))
      return
    }
    if (url.pathname === '/__billops/bridge.js') {
      res.writeHead(200, { 'Content-Type': mime['.js'] })
      res.end(bridgeScript)
      return
    }
    const relative = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname)
    const file = normalize(join(root, relative))
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      res.writeHead(404)
      res.end('not found')
      return
    }
    const headers = {
      'Content-Type': mime[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    }
    if (file.endsWith('index.html')) {
      // The bridge must exist before the app's module script runs: a classic script in <head>.
      const html = readFileSync(file, 'utf8').replace(
        '<head>',
        '<head>\n    <script src="/__billops/bridge.js"></script>',
      )
      res.writeHead(200, headers)
      res.end(html)
      return
    }
    res.writeHead(200, headers)
    createReadStream(file).pipe(res)
  }

  await new Promise<void>((resolveListen) => server.listen(options.port ?? 0, '127.0.0.1', resolveListen))
  const { port } = server.address() as AddressInfo
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  return {
    url: `http://127.0.0.1:${port}${SESSION_PATH}?key=${secret}`,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      unsubscribe()
      for (const client of sseClients) client.end()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}

function sameSecret(given: string | null | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return value.join('=')
  }
  return null
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new Error('request body too large'))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
