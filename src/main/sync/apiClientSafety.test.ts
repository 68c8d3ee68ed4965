// Issue #13: what a hostile or broken server cannot make the client do — follow it to another
// origin with the token and the signals, read an endless body, or page forever.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createBillOpsClient } from './apiClient'
import type { EntryPage } from './apiSchemas'
import { BillOpsError } from './billOpsError'
import { readAllPages, MAX_PAGES } from './pagedListing'

interface TestServer {
  url: string
  requests: { method: string; url: string; authorization: string | undefined; body: string }[]
  close(): Promise<void>
}

const open: TestServer[] = []
afterEach(async () => {
  for (const server of open.splice(0)) await server.close()
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const requests: TestServer['requests'] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body })
      handler(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const result: TestServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
  open.push(result)
  return result
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(value))
}

async function rejection(promise: Promise<unknown>): Promise<BillOpsError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof BillOpsError) return error
    throw error
  }
  throw new Error('expected a BillOpsError')
}

const ingestBody = {
  activity_signals: [
    { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'keyboard' as const, source_type: 'keyboard' as const },
  ],
  idle_threshold_minutes: 5,
  max_merge_idle_minutes: 10,
}

describe('redirects', () => {
  it('does not follow a redirect to another origin: no token, no signals sent there', async () => {
    const elsewhere = await serve((_req, res) =>
      json(res, 202, { task_id: 't-1', status: 'processing', message: 'queued' }),
    )
    const server = await serve((req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}${req.url ?? '/'}` })
      res.end()
    })
    const client = createBillOpsClient({ serverUrl: server.url, token: 'secret-token', fetch })
    const error = await rejection(client.ingest(ingestBody, 'key-1'))
    expect(error.message).toMatch(/redirect/i)
    expect(error.message).toContain(elsewhere.url)
    expect(error.retryable).toBe(false)
    expect(server.requests).toHaveLength(1)
    expect(elsewhere.requests).toHaveLength(0)
  })

  it('follows a same-origin redirect with the same method, body and token, a bounded number of times', async () => {
    const server = await serve((req, res) => {
      if (req.url?.startsWith('/moved/'))
        return json(res, 202, { task_id: 't-1', status: 'processing', message: 'queued' })
      res.writeHead(308, { location: `/moved${req.url ?? '/'}` })
      res.end()
    })
    const client = createBillOpsClient({ serverUrl: server.url, token: 'secret-token', fetch })
    await expect(client.ingest(ingestBody, 'key-1')).resolves.toMatchObject({ task_id: 't-1' })
    expect(server.requests.map((r) => [r.method, r.url, r.authorization])).toEqual([
      ['POST', '/api/v1/time-entries/ingest', 'Bearer secret-token'],
      ['POST', '/moved/api/v1/time-entries/ingest', 'Bearer secret-token'],
    ])
    expect(JSON.parse(server.requests[1]!.body)).toEqual(ingestBody)

    const loop = await serve((req, res) => {
      res.writeHead(302, { location: `${req.url ?? '/'}x` })
      res.end()
    })
    const looping = createBillOpsClient({ serverUrl: loop.url, token: 'secret-token', fetch })
    expect((await rejection(looping.listPendingReview({ skip: 0, limit: 10 }))).message).toMatch(/too many redirects/i)
    expect(loop.requests.length).toBeLessThanOrEqual(6)
  })
})

describe('answer size and paging', () => {
  it('refuses an answer larger than the body limit', async () => {
    const entries = Array.from({ length: 200 }, (_, i) => ({
      id: `e-${i}`,
      started_at: '2024-01-24T09:00:00Z',
      ended_at: '2024-01-24T09:30:00Z',
      duration_minutes: 30,
      status: 'pending',
      notes: 'x'.repeat(100),
    }))
    const server = await serve((_req, res) => json(res, 200, { total: 200, entries }))
    const client = createBillOpsClient({ serverUrl: server.url, token: 't', fetch, maxResponseBytes: 4096 })
    const error = await rejection(client.listPendingReview({ skip: 0, limit: 500 }))
    expect(error.message).toMatch(/larger than 4096 bytes/)
    expect(error.retryable).toBe(false)
  })

  it('stops when a page adds no new ids (a server repeating one page with a large total)', async () => {
    let calls = 0
    const page: EntryPage = {
      total: 1_000_000,
      entries: [
        {
          id: 'same',
          started_at: '2024-01-24T09:00:00Z',
          ended_at: '2024-01-24T09:30:00Z',
          duration_minutes: 30,
          status: 'pending',
        },
      ],
    }
    const all = await readAllPages(async () => {
      calls++
      if (calls > 50) throw new Error('still paging')
      return page
    }, 200)
    expect(all.map((e) => e.id)).toEqual(['same'])
    expect(calls).toBe(2)
  })

  it('stops after a bounded number of pages', async () => {
    let calls = 0
    const read = readAllPages(async ({ skip }) => {
      calls++
      if (calls > 5_000) throw new Error('still paging')
      return {
        total: 1_000_000_000,
        entries: [
          {
            id: `e-${skip}`,
            started_at: '2024-01-24T09:00:00Z',
            ended_at: '2024-01-24T09:30:00Z',
            duration_minutes: 30,
            status: 'pending',
          },
        ],
      }
    }, 1)
    const error = await rejection(read)
    expect(error.message).toMatch(/pages/)
    expect(calls).toBe(MAX_PAGES)
  })
})

describe('the token stays out of error messages', () => {
  it('does not repeat a token that a server or proxy echoes into an error (status, logs, diagnostics show these)', async () => {
    const server = await serve((req, res) =>
      json(res, 502, { detail: `upstream refused ${req.headers.authorization}` }),
    )
    const client = createBillOpsClient({ serverUrl: server.url, token: 'secret-token', fetch })
    const error = await rejection(client.ingest(ingestBody, 'key-1'))
    expect(error.message).toContain('upstream refused Bearer [token]')
    expect(error.message).not.toContain('secret-token')

    const echoingFetch: typeof fetch = async (_url, init) => {
      throw new Error(`proxy failed for ${new Headers(init?.headers).get('authorization')}`)
    }
    const offline = createBillOpsClient({ serverUrl: server.url, token: 'secret-token', fetch: echoingFetch })
    const networkError = await rejection(offline.ingest(ingestBody, 'key-2'))
    expect(networkError.message).not.toContain('secret-token')
  })
})
