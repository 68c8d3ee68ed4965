// The reference server itself: faithful to the contract's routes, errors and Celery-like task
// states, persistent, and its faults do what their names promise.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from './server'

const ALICE = { authorization: 'Bearer dev-token-alice', 'content-type': 'application/json' }
const signals = [
  { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
  { timestamp: '2024-01-24T09:04:00Z', app: 'vscode', type: 'mouse_click', source_type: 'mouse' },
]

describe('reference BillOps server', () => {
  const servers: ReferenceServer[] = []
  const dirs: string[] = []
  const start = async (options: Parameters<typeof startReferenceServer>[0] = {}) => {
    const server = await startReferenceServer({ port: 0, ...options })
    servers.push(server)
    return server
  }
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close().catch(() => {})
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  const ingest = (server: ReferenceServer, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/v1/time-entries/ingest`, {
      method: 'POST',
      headers: { ...ALICE, ...headers },
      body: JSON.stringify(body),
    })
  const task = async (server: ReferenceServer, id: string) =>
    (await fetch(`${server.url}/api/v1/time-entries/ingest/${id}`, { headers: ALICE })).json() as Promise<
      Record<string, unknown>
    >

  it('answers like FastAPI: 401 with WWW-Authenticate, 404, 405, 307 to the slash route, 422 for bad JSON', async () => {
    const server = await start()
    const anonymous = await fetch(`${server.url}/api/v1/time-entries/pending-review`)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer')
    expect(await anonymous.json()).toEqual({ detail: 'Not authenticated' })
    expect((await fetch(`${server.url}/api/v1/nothing`, { headers: ALICE })).status).toBe(404)
    expect((await fetch(`${server.url}/api/v1/time-entries/ingest`, { headers: ALICE })).status).toBe(405)
    const redirected = await fetch(`${server.url}/api/v1/time-entries?limit=5`, { headers: ALICE, redirect: 'manual' })
    expect(redirected.status).toBe(307)
    expect(redirected.headers.get('location')).toBe('/api/v1/time-entries/?limit=5')
    const badJson = await fetch(`${server.url}/api/v1/time-entries/ingest`, {
      method: 'POST',
      headers: ALICE,
      body: '{"activity_signals": [',
    })
    expect(badJson.status).toBe(422)
    expect(await badJson.json()).toMatchObject({ detail: [{ type: 'json_invalid' }] })
  })

  it('reports invalid signals as partial_success with what was wrong', async () => {
    const server = await start()
    const response = await ingest(server, {
      activity_signals: [...signals, { app: 'vscode', type: 'keyboard', source_type: 'keyboard' }],
    })
    const { task_id } = (await response.json()) as { task_id: string }
    await server.drainTasks()
    expect(await task(server, task_id)).toMatchObject({
      status: 'SUCCESS',
      result: {
        status: 'partial_success',
        created_count: 1,
        verification_required: [{ reason: 'Invalid signal', description: 'Signal #3 missing timestamp field' }],
      },
    })
  })

  it('503-before-work does nothing; lost-after-commit does the work; the key replays it unless ignored', async () => {
    const server = await start({ faults: { unavailableRate: 1 } })
    expect((await ingest(server, { activity_signals: signals }, { 'idempotency-key': 'k1' })).status).toBe(503)
    expect(server.stats.tasksCreated).toBe(0)

    server.setFaults({ unavailableRate: 0, lostResponseRate: 1 })
    const lost = await ingest(server, { activity_signals: signals }, { 'idempotency-key': 'k1' })
    expect(lost.status).toBe(500)
    expect(await lost.text()).toBe('Internal Server Error')
    await server.drainTasks()
    expect(server.store.allEntries('alice')).toHaveLength(1)

    server.setFaults({ lostResponseRate: 0 })
    const replay = (await (
      await ingest(server, { activity_signals: signals }, { 'idempotency-key': 'k1' })
    ).json()) as { task_id: string }
    expect(server.stats.tasksCreated).toBe(1)
    expect(await task(server, replay.task_id)).toMatchObject({ status: 'SUCCESS' })

    server.setFaults({ ignoreIdempotencyKey: true })
    await ingest(server, { activity_signals: signals }, { 'idempotency-key': 'k1' })
    await server.drainTasks()
    expect(server.stats.tasksCreated).toBe(2)
    expect(server.store.allEntries('alice')).toHaveLength(2)
  })

  it('ends a task in FAILURE with an error when told to', async () => {
    const server = await start({ faults: { failedTaskRate: 1 } })
    const { task_id } = (await (await ingest(server, { activity_signals: signals })).json()) as { task_id: string }
    await server.drainTasks()
    expect(await task(server, task_id)).toMatchObject({
      status: 'FAILURE',
      error: expect.stringContaining('OperationalError'),
    })
    expect(server.store.allEntries('alice')).toEqual([])
  })

  it('keeps entries, idempotency records and queued tasks across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billops-ref-'))
    dirs.push(dir)
    const dbPath = join(dir, 'server.sqlite')
    const first = await start({ dbPath, taskDelayMs: 60_000 })
    const { task_id } = (await (
      await ingest(first, { activity_signals: signals }, { 'idempotency-key': 'k' })
    ).json()) as { task_id: string }
    expect(await task(first, task_id)).toMatchObject({ status: 'PENDING' })
    await first.close()

    const second = await start({ dbPath })
    await second.drainTasks()
    expect(await task(second, task_id)).toMatchObject({ status: 'SUCCESS', result: { created_count: 1 } })
    const replay = (await (await ingest(second, { activity_signals: signals }, { 'idempotency-key': 'k' })).json()) as {
      task_id: string
    }
    expect(replay.task_id).toBe(task_id)
    const list = (await (await fetch(`${second.url}/api/v1/time-entries/`, { headers: ALICE })).json()) as {
      total: number
    }
    expect(list.total).toBe(1)
  })
})
