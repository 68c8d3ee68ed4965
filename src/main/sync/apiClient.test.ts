// Contract tests: the client speaks the BillOps contract to the reference server (paths,
// payloads, status strings, skip/limit paging, error shapes) and turns every failure into a
// BillOpsError of the right kind, never a crash or a silent skip.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../tools/reference-server/server'
import { createBillOpsClient, type BillOpsClient } from './apiClient'
import { timeEntriesBase } from './serverUrl'
import { BillOpsError, parseRetryAfter } from './billOpsError'
import { readAllPages } from './pagedListing'

const signal = (timestamp: string, app = 'vscode') => ({
  timestamp,
  app,
  type: 'keyboard' as const,
  source_type: 'keyboard' as const,
})

async function untilDone(client: BillOpsClient, taskId: string) {
  for (let i = 0; i < 500; i++) {
    const status = await client.getTask(taskId)
    if (status.state !== 'running') return status
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error('task never finished')
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

/** A tiny server answering every request with a fixed response. */
async function fixedServer(status: number, body: string, headers: Record<string, string> = {}, delayMs = 0) {
  const server = createServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(body)
    }, delayMs)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

describe('BillOps client against the reference server', () => {
  let server: ReferenceServer
  let alice: BillOpsClient
  let bob: BillOpsClient

  beforeEach(async () => {
    server = await startReferenceServer({ port: 0, taskDelayMs: 20 })
    alice = createBillOpsClient({ serverUrl: server.url, token: 'dev-token-alice', fetch })
    bob = createBillOpsClient({ serverUrl: server.url, token: 'dev-token-bob', fetch })
  })
  afterEach(async () => {
    await server.close()
  })

  it('ingest → PENDING → SUCCESS with created ids → pending-review → PATCH approved → GET / filters', async () => {
    // a worker slow enough that the first poll surely sees the task queued
    await server.close()
    server = await startReferenceServer({ port: 0, taskDelayMs: 1_000 })
    alice = createBillOpsClient({ serverUrl: server.url, token: 'dev-token-alice', fetch })
    const accepted = await alice.ingest(
      {
        activity_signals: [
          signal('2024-01-24T09:00:00Z'),
          signal('2024-01-24T09:15:00Z'),
          signal('2024-01-24T10:30:00Z', 'chrome'),
        ],
        idle_threshold_minutes: 5,
        max_merge_idle_minutes: 10,
      },
      'key-1',
    )
    expect(accepted).toEqual({
      status: 'processing',
      task_id: expect.any(String),
      message: 'Activity signals queued for processing',
    })
    expect(await alice.getTask(accepted.task_id)).toEqual({ state: 'running', taskId: accepted.task_id })
    const done = await untilDone(alice, accepted.task_id)
    if (done.state !== 'success') throw new Error('expected success')
    // 15 minutes between the first two signals is more than the merge window: three entries
    expect(done.result).toMatchObject({ status: 'success', suggested_count: 3, created_count: 3 })
    expect(done.result.created_ids).toHaveLength(3)

    const pending = await alice.listPendingReview({ skip: 0, limit: 10 })
    expect(pending).toMatchObject({ total: 3, skip: 0, limit: 10 })
    expect(pending.entries[0]).toMatchObject({
      started_at: '2024-01-24T09:00:00Z',
      ended_at: '2024-01-24T09:01:00Z',
      duration_minutes: 1,
      status: 'pending',
      source: 'auto',
      activity_type: 'focused_work',
    })

    const patched = await alice.patchEntry(done.result.created_ids[0]!, {
      status: 'approved',
      project_id: 'project-uuid',
      client_id: 'client-uuid',
      notes: 'Looks good',
      activity_type: 'research',
    })
    expect(patched).toMatchObject({
      id: done.result.created_ids[0],
      status: 'approved',
      project_id: 'project-uuid',
      client_id: 'client-uuid',
      notes: 'Looks good',
      activity_type: 'research',
    })
    const moved = await alice.patchEntry(done.result.created_ids[1]!, {
      started_at: '2024-01-24T09:10:00Z',
      ended_at: '2024-01-24T09:40:00Z',
    })
    expect(moved).toMatchObject({
      started_at: '2024-01-24T09:10:00Z',
      ended_at: '2024-01-24T09:40:00Z',
      duration_minutes: 30,
      status: 'pending',
    })

    expect((await alice.listEntries({ skip: 0, limit: 10, status: 'approved' })).entries.map((e) => e.id)).toEqual([
      done.result.created_ids[0],
    ])
    expect((await alice.listEntries({ skip: 0, limit: 10, source: 'auto' })).total).toBe(3)
    expect((await alice.listEntries({ skip: 0, limit: 10, source: 'manual' })).total).toBe(0)
    expect((await alice.listPendingReview({ skip: 0, limit: 10 })).total).toBe(2)
  })

  it('pages through pending-review and GET / with skip/limit', async () => {
    const signals = Array.from({ length: 25 }, (_, i) =>
      signal(new Date(Date.UTC(2024, 0, 24, 0, i * 30)).toISOString().replace('.000Z', 'Z')),
    )
    const { task_id } = await alice.ingest(
      { activity_signals: signals, idle_threshold_minutes: 5, max_merge_idle_minutes: 10 },
      'k',
    )
    await untilDone(alice, task_id)
    const page2 = await alice.listPendingReview({ skip: 10, limit: 10 })
    expect(page2).toMatchObject({ total: 25, skip: 10, limit: 10 })
    expect(page2.entries).toHaveLength(10)
    const all = await readAllPages((page) => alice.listPendingReview(page), 7)
    expect(all).toHaveLength(25)
    expect(new Set(all.map((e) => e.id)).size).toBe(25)
    expect(await readAllPages((page) => alice.listEntries({ ...page, status: 'pending' }), 4)).toHaveLength(25)
  })

  it('keeps the two users apart', async () => {
    const { task_id } = await alice.ingest(
      { activity_signals: [signal('2024-01-24T09:00:00Z')], idle_threshold_minutes: 5, max_merge_idle_minutes: 10 },
      'k',
    )
    const done = await untilDone(alice, task_id)
    if (done.state !== 'success') throw new Error('expected success')
    // Celery cannot tell another user's task from an unknown one
    expect((await bob.getTask(task_id)).state).toBe('running')
    expect((await bob.listPendingReview({ skip: 0, limit: 10 })).total).toBe(0)
    const notFound = await rejection(bob.patchEntry(done.result.created_ids[0]!, { status: 'approved' }))
    expect(notFound.kind).toBe('not_found')
    expect(notFound.message).toContain('Entry not found')
  })

  it('maps errors: 401, 422 with FastAPI details, 503 with Retry-After, plain-text 500', async () => {
    const anonymous = createBillOpsClient({ serverUrl: server.url, token: 'nobody', fetch })
    const unauthorized = await rejection(anonymous.listPendingReview({ skip: 0, limit: 10 }))
    expect(unauthorized.kind).toBe('unauthorized')
    expect(unauthorized.message).toMatch(/token was refused.*Could not validate credentials/)

    const invalid = await rejection(alice.patchEntry('whatever', { status: 'done' as never }))
    // refused before sending: not in the contract
    expect(invalid).toMatchObject({ kind: 'invalid_request', retryable: false })
    expect(invalid.message).toContain('status')
    const raw = await fetch(`${server.url}/api/v1/time-entries/pending-review?skip=abc`, {
      headers: { authorization: 'Bearer dev-token-alice' },
    })
    expect(raw.status).toBe(422)
    expect(await raw.json()).toMatchObject({ detail: [{ loc: ['query', 'skip'], type: 'int_parsing' }] })

    server.setFaults({ unavailableRate: 1, retryAfterSeconds: 7 })
    const busy = await rejection(alice.listPendingReview({ skip: 0, limit: 10 }))
    expect(busy).toMatchObject({ kind: 'server_busy', status: 503, retryAfterMs: 7_000, retryable: true })

    server.setFaults({ unavailableRate: 0, lostResponseRate: 1 })
    const lost = await rejection(
      alice.ingest(
        { activity_signals: [signal('2024-01-24T09:00:00Z')], idle_threshold_minutes: 5, max_merge_idle_minutes: 10 },
        'lost',
      ),
    )
    expect(lost).toMatchObject({ kind: 'server_busy', status: 500, retryable: true })
    expect(lost.message).toContain('Internal Server Error')
    // the work behind the lost answer was committed: the key now replays the same task
    server.setFaults({ lostResponseRate: 0 })
    await alice.ingest(
      { activity_signals: [signal('2024-01-24T09:00:00Z')], idle_threshold_minutes: 5, max_merge_idle_minutes: 10 },
      'lost',
    )
    expect(server.stats).toMatchObject({ tasksCreated: 1, idempotentReplays: 1 })
  })

  it('reports a cut-off JSON answer as malformed (retryable)', async () => {
    server.setFaults({ malformedJsonRate: 1 })
    const error = await rejection(alice.listEntries({ skip: 0, limit: 10 }))
    expect(error).toMatchObject({ kind: 'malformed', retryable: true })
    expect(error.message).toMatch(/not valid JSON/)
  })
})

describe('BillOps client against misbehaving servers', () => {
  const closers: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const close of closers.splice(0)) await close()
  })
  const client = (url: string, timeoutMs = 2_000) =>
    createBillOpsClient({ serverUrl: url, token: 't', fetch, timeoutMs })

  it('names the field when an answer does not match the contract', async () => {
    const fixed = await fixedServer(
      200,
      JSON.stringify({
        total: 1,
        entries: [
          {
            id: 'x',
            started_at: 'yesterday',
            ended_at: '2024-01-24T09:00:00Z',
            duration_minutes: 5,
            status: 'pending',
          },
        ],
      }),
    )
    closers.push(fixed.close)
    const error = await rejection(client(fixed.url).listPendingReview({ skip: 0, limit: 10 }))
    expect(error.kind).toBe('unexpected_shape')
    expect(error.retryable).toBe(false)
    expect(error.message).toContain('entries.0.started_at')
  })

  it('accepts what a real FastAPI server may send: numeric ids, offsets, microseconds, no skip/limit echo', async () => {
    const fixed = await fixedServer(
      200,
      JSON.stringify({
        total: 1,
        entries: [
          {
            id: 42,
            started_at: '2024-01-24T10:00:00.123456+01:00',
            ended_at: '2024-01-24T09:45:00',
            duration_minutes: 45,
            status: 'pending',
            source: 'auto',
            activity_type: 'focused_work',
          },
        ],
      }),
    )
    closers.push(fixed.close)
    const page = await client(fixed.url).listPendingReview({ skip: 0, limit: 10 })
    expect(page.entries[0]).toMatchObject({
      id: '42',
      started_at: '2024-01-24T09:00:00Z',
      ended_at: '2024-01-24T09:45:00Z',
    })
  })

  it('turns 429 Retry-After, timeouts and refused connections into retryable errors', async () => {
    const limited = await fixedServer(429, JSON.stringify({ detail: 'Too Many Requests' }), { 'retry-after': '3' })
    closers.push(limited.close)
    expect(await rejection(client(limited.url).listEntries({ skip: 0, limit: 1 }))).toMatchObject({
      kind: 'server_busy',
      retryAfterMs: 3_000,
    })

    const slow = await fixedServer(200, '{}', {}, 500)
    closers.push(slow.close)
    expect(await rejection(client(slow.url, 50).listEntries({ skip: 0, limit: 1 }))).toMatchObject({
      kind: 'timeout',
      retryable: true,
    })

    const gone = await fixedServer(200, '{}')
    await gone.close()
    expect(await rejection(client(gone.url).listEntries({ skip: 0, limit: 1 }))).toMatchObject({
      kind: 'network',
      retryable: true,
    })
  })

  it('treats a FAILURE task and an "error" result as failures with the server message', async () => {
    const failing = await fixedServer(
      200,
      JSON.stringify({ task_id: 't1', status: 'FAILURE', error: 'database is locked' }),
    )
    closers.push(failing.close)
    expect(await client(failing.url).getTask('t1')).toEqual({
      state: 'failure',
      taskId: 't1',
      error: 'database is locked',
    })
    const erroring = await fixedServer(
      200,
      JSON.stringify({
        task_id: 't2',
        status: 'SUCCESS',
        result: {
          status: 'error',
          message: 'User not found',
          suggested_count: 0,
          created_count: 0,
          created_ids: [],
          verification_required: [],
        },
      }),
    )
    closers.push(erroring.close)
    expect(await client(erroring.url).getTask('t2')).toEqual({
      state: 'failure',
      taskId: 't2',
      error: 'User not found',
    })
  })
})

describe('server URL and Retry-After', () => {
  it('requires https except for this machine', () => {
    expect(timeEntriesBase('https://billops.example.com')).toBe('https://billops.example.com/api/v1/time-entries')
    expect(timeEntriesBase('https://billops.example.com/api/v1/time-entries/')).toBe(
      'https://billops.example.com/api/v1/time-entries',
    )
    expect(timeEntriesBase('https://example.com/billops')).toBe('https://example.com/billops/api/v1/time-entries')
    expect(timeEntriesBase('http://localhost:8000')).toBe('http://localhost:8000/api/v1/time-entries')
    expect(timeEntriesBase('http://127.0.0.1:8000')).toBe('http://127.0.0.1:8000/api/v1/time-entries')
    expect(timeEntriesBase('http://[::1]:8000')).toBe('http://[::1]:8000/api/v1/time-entries')
    expect(() => timeEntriesBase('http://billops.example.com')).toThrow(/must use https/)
    expect(() => timeEntriesBase('ftp://billops.example.com')).toThrow(/https/)
    expect(() => timeEntriesBase('https://user:secret@billops.example.com')).toThrow(/user name or password/)
    // typed without a scheme: the same answer whether it parses as a URL (localhost:8000) or not
    for (const bare of ['localhost:8000', '127.0.0.1:8000', 'billops.example.com']) {
      expect(() => timeEntriesBase(bare)).toThrow(
        `"${bare}" has no https:// in front; use e.g. https://billops.example.com (or http://localhost:8000 for a server on this machine)`,
      )
    }
    expect(() => createBillOpsClient({ serverUrl: 'http://10.0.0.5', token: 't', fetch })).toThrow(/https/)
  })

  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2024-01-24T09:00:00Z')
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Wed, 24 Jan 2024 09:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter(null, now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
  })
})

describe('a wrong server address', () => {
  it('is a configuration error on the fixed routes, with the URL and without the error page; one entry gone stays not_found', async () => {
    const page = '<html>\n<head><title>404 Not Found</title></head>\n<body>nginx</body>\n</html>'
    const server = await fixedServer(404, page, { 'content-type': 'text/html' })
    try {
      const client = createBillOpsClient({ serverUrl: `${server.url}/wrong`, token: 't', fetch })
      const error = await client.listPendingReview({ skip: 0, limit: 10 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(BillOpsError)
      expect((error as BillOpsError).kind).toBe('misconfigured')
      expect((error as BillOpsError).message).toBe(
        `pending-review: HTTP 404 Not Found from GET ${server.url}/wrong/api/v1/time-entries/pending-review: this address does not serve the BillOps time-entries API; check the server address (the BillOps root, e.g. https://billops.example)`,
      )
      const gone = await client.patchEntry('e1', { status: 'approved' }).catch((e: unknown) => e)
      expect((gone as BillOpsError).kind).toBe('not_found')
    } finally {
      await server.close()
    }
  })
})
