// The app's fetch over Electron's net.request, against a fake `net` that redirects as Electron's
// ClientRequest does, and real local servers: redirects reach sync and calendars as 3xx answers.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeNet } from '../../../test/support/fakeElectronNet'
import { fetchIcs } from '../calendar/fetchIcs'
import { createBillOpsClient } from '../sync/apiClient'
import { netRequestFetch, type NetLike } from './netRequestFetch'
import { BillOpsError } from '../sync/billOpsError'

interface Served {
  url: string
  requests: { method: string; url: string; authorization?: string; ifNoneMatch?: string; body: string }[]
}
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Served> {
  const requests: Served['requests'] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        ifNoneMatch: req.headers['if-none-match'],
        body,
      })
      handler(req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests }
}

const CALENDAR = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'
const ingestBody = {
  activity_signals: [
    { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'keyboard' as const, source_type: 'keyboard' as const },
  ],
  idle_threshold_minutes: 5,
  max_merge_idle_minutes: 10,
}

describe('the fake net', () => {
  it('fails a manual redirect nobody answers, as Electron does (what net.fetch reports)', async () => {
    const server = await serve((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end())
    const net = createFakeNet()
    const error = await new Promise<Error>((resolve) => {
      const request = net.request({ url: `${server.url}/a`, redirect: 'manual' })
      request.on('error', resolve)
      request.on('redirect', () => undefined)
      request.end()
    })
    expect(error.message).toBe('Redirect was cancelled')
  })
})

describe('sync over net.request', () => {
  it('follows a same-origin redirect with the same method, body and token', async () => {
    const server = await serve((req, res) => {
      if (req.url?.startsWith('/moved/'))
        return void res
          .writeHead(202, { 'content-type': 'application/json' })
          .end(JSON.stringify({ task_id: 't-1', status: 'processing', message: 'queued' }))
      res.writeHead(308, { location: `/moved${req.url ?? '/'}` }).end()
    })
    const client = createBillOpsClient({
      serverUrl: server.url,
      token: 'secret-token',
      fetch: netRequestFetch(createFakeNet() as unknown as NetLike),
    })
    await expect(client.ingest(ingestBody, 'key-1')).resolves.toMatchObject({ task_id: 't-1' })
    expect(server.requests.map((r) => [r.method, r.url, r.authorization])).toEqual([
      ['POST', '/api/v1/time-entries/ingest', 'Bearer secret-token'],
      ['POST', '/moved/api/v1/time-entries/ingest', 'Bearer secret-token'],
    ])
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual(ingestBody)
  })

  it('refuses a redirect to another origin: nothing is sent there', async () => {
    const elsewhere = await serve((_req, res) => res.writeHead(202).end('{}'))
    const server = await serve((req, res) =>
      res.writeHead(307, { location: `${elsewhere.url}${req.url ?? '/'}` }).end(),
    )
    const net = createFakeNet()
    const client = createBillOpsClient({
      serverUrl: server.url,
      token: 'secret-token',
      fetch: netRequestFetch(net as unknown as NetLike),
    })
    const error = await client.ingest(ingestBody, 'key-1').then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(BillOpsError)
    expect((error as BillOpsError).message).toMatch(/redirected to another address/)
    expect(elsewhere.requests).toHaveLength(0)
    expect(net.requested).toEqual([`${server.url}/api/v1/time-entries/ingest`])
  })
})

describe('calendars over net.request', () => {
  it('follow a redirect on the same server, with the conditional request', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old.ics') return void res.writeHead(301, { location: '/new.ics' }).end()
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end()
      res.writeHead(200, { 'content-type': 'text/calendar', etag: '"v1"' }).end(CALENDAR)
    })
    const netFetch = netRequestFetch(createFakeNet() as unknown as NetLike)
    expect(await fetchIcs(netFetch, `${server.url}/old.ics`, { etag: null, lastModified: null })).toEqual({
      kind: 'ok',
      text: CALENDAR,
      etag: '"v1"',
      lastModified: null,
    })
    expect(await fetchIcs(netFetch, `${server.url}/old.ics`, { etag: '"v1"', lastModified: null })).toEqual({
      kind: 'not_modified',
    })
    expect(server.requests.map((r) => [r.url, r.ifNoneMatch])).toEqual([
      ['/old.ics', undefined],
      ['/new.ics', undefined],
      ['/old.ics', '"v1"'],
      ['/new.ics', '"v1"'],
    ])
  })

  it('stop reading a body past the limit, and give up on a server that does not answer', async () => {
    let sent = 0
    const big = await serve((_req, res) => {
      res.writeHead(200)
      const chunk = Buffer.alloc(64 * 1024, 'A')
      const pump = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    })
    const netFetch = netRequestFetch(createFakeNet() as unknown as NetLike)
    expect(
      await fetchIcs(netFetch, `${big.url}/big.ics`, { etag: null, lastModified: null }, 30_000, 1024 * 1024),
    ).toEqual({ kind: 'failed', error: 'the calendar is larger than 1 MB' })
    expect(sent).toBeLessThan(16 * 1024 * 1024)

    const silent = await serve(() => undefined)
    expect(await fetchIcs(netFetch, `${silent.url}/slow.ics`, { etag: null, lastModified: null }, 1000)).toEqual({
      kind: 'failed',
      error: 'no answer from the calendar server within 1 s',
    })
  })
})
