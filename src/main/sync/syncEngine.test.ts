import { spawnSync } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../tools/reference-server/server'
import { getEntry, listEntries } from '../store/entries'
import { approveEntries, rejectEntries } from '../store/decisions'
import type { WritableDB } from '../store/database'
import { closeDatabase } from '../store/database'
import { liveItemFor, updateItem } from '../store/outbox'
import { createSyncLock } from '../store/syncLock'
import {
  closedPort,
  createTestEngine,
  openTempDb,
  seedApproved,
  seedEntries,
  tempDir,
} from '../../../test/support/syncFixtures'

const TOKEN = 'dev-token-alice'

describe('sync engine against the reference server', () => {
  let server: ReferenceServer
  let db: WritableDB
  let tmp: ReturnType<typeof tempDir>

  beforeEach(async () => {
    tmp = tempDir()
    db = openTempDb(tmp.dir)
    server = await startReferenceServer({ port: 0 })
  })
  afterEach(async () => {
    await server.close()
    closeDatabase(db)
    tmp.cleanup()
  })

  /** One suggestion made by BillOps from another device, imported into the local queue. */
  async function importOneServerEntry() {
    const ingest = await fetch(`${server.url}/api/v1/time-entries/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        activity_signals: [
          { timestamp: '2024-02-01T09:00:00Z', app: 'zoom', type: 'app_focus', source_type: 'window' },
        ],
      }),
    })
    expect(ingest.status).toBe(200)
    await server.drainTasks()
    const { engine } = createTestEngine(db, server.url, TOKEN)
    await engine.syncOnce()
    const [imported] = listEntries(db)
    return { engine, imported }
  }

  it('sends approved entries once and the server ends with exactly their spans approved', async () => {
    const approved = seedApproved(db, 6, { splitEvery: 3 })
    const { engine } = createTestEngine(db, server.url, TOKEN)
    const result = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(result.counts).toEqual({ synced: 6, pending: 0, failed: 0, conflicted: 0 })
    const serverApproved = server.store.allEntries('alice').filter((e) => e.status === 'approved')
    expect(serverApproved.map((e) => [e.started_at, e.ended_at, e.duration_minutes, e.project_id])).toEqual(
      approved.map((e) => [e.started_at, e.ended_at, 30, 'proj-1']),
    )
    // two spans have a 23-minute quiet stretch: sent with attested signals, the server made one
    // entry of each, so nothing was rejected and nothing is left pending
    expect(server.store.allEntries('alice').filter((e) => e.status === 'pending')).toEqual([])
    expect(server.store.allEntries('alice').filter((e) => e.status === 'rejected')).toEqual([])
    const requests = server.store.db.prepare<[], { request: string }>('SELECT request FROM tasks').all()
    expect(requests.filter((task) => task.request.includes('"source_type":"manual"'))).toHaveLength(2)
    for (const entry of approved) {
      const local = getEntry(db, entry.id)!
      expect(local.sync_state).toBe('synced')
      expect(local.server_ids).toHaveLength(1)
    }
    // a second pass sends nothing again
    await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(server.stats.tasksCreated).toBe(6)
  })

  it('approves one server entry per span and rejects the extras when the server cuts a span in two', async () => {
    server.setFaults({ splitEntryRate: 1 })
    const approved = seedApproved(db, 4, { splitEvery: 2, attestedEvery: 4 })
    const { engine } = createTestEngine(db, server.url, TOKEN)
    const result = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(result.counts).toEqual({ synced: 4, pending: 0, failed: 0, conflicted: 0 })
    expect(server.stats.split).toBe(4)
    const all = server.store.allEntries('alice')
    expect(
      all.filter((e) => e.status === 'approved').map((e) => [e.started_at, e.ended_at, e.duration_minutes]),
    ).toEqual(approved.map((e) => [e.started_at, e.ended_at, 30]))
    expect(all.filter((e) => e.status === 'rejected')).toHaveLength(4)
    expect(all.filter((e) => e.status === 'pending')).toEqual([])
  })

  it('never uploads titles or counts, only the four seed fields', async () => {
    seedApproved(db, 1)
    const bodies: string[] = []
    const spy: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string') bodies.push(init.body)
      return fetch(input, init)
    }
    const { engine } = createTestEngine(db, server.url, TOKEN, { fetch: spy })
    await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    const ingest = JSON.parse(bodies[0]!) as { activity_signals: Record<string, unknown>[] }
    expect(ingest.activity_signals.length).toBeGreaterThan(0)
    for (const signal of ingest.activity_signals)
      expect(Object.keys(signal).sort()).toEqual(['app', 'source_type', 'timestamp', 'type'])
    expect(bodies.join('\n')).not.toContain('Secret client memo')
  })

  it('keeps rejected local entries on this machine', async () => {
    const entries = seedEntries(db, 2)
    rejectEntries(db, [entries[0]!.id])
    approveEntries(db, [entries[1]!.id])
    const { engine } = createTestEngine(db, server.url, TOKEN)
    await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    const onServer = server.store.allEntries('alice')
    expect(onServer).toHaveLength(1)
    expect(onServer[0]!.started_at).toBe(entries[1]!.started_at)
  })

  it('imports server pending entries for review and PATCHes the decisions made on them', async () => {
    // Bob's server-side suggestions come from another device: ingest them directly.
    const ingest = async (at: string) => {
      const response = await fetch(`${server.url}/api/v1/time-entries/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          activity_signals: [{ timestamp: at, app: 'zoom', type: 'app_focus', source_type: 'window' }],
        }),
      })
      expect(response.status).toBe(200)
    }
    await ingest('2024-02-01T09:00:00Z')
    await ingest('2024-02-01T11:00:00Z')
    await server.drainTasks()
    const { engine } = createTestEngine(db, server.url, TOKEN, { pageSize: 1 })
    const first = await engine.syncOnce()
    expect(first.imported).toBe(2)
    const imported = listEntries(db, { status: 'pending' })
    expect(imported.map((e) => e.source)).toEqual(['server', 'server'])
    expect(imported[0]!.activity_type).toBe('meeting')

    approveEntries(db, [imported[0]!.id], { project_id: 'proj-9', notes: 'weekly call' })
    rejectEntries(db, [imported[1]!.id])
    const second = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(second.counts.synced).toBe(2)
    const byId = new Map(server.store.allEntries('alice').map((e) => [e.id, e]))
    expect(byId.get(imported[0]!.server_ids[0]!)).toMatchObject({
      status: 'approved',
      project_id: 'proj-9',
      notes: 'weekly call',
    })
    expect(byId.get(imported[1]!.server_ids[0]!)?.status).toBe('rejected')
    // imported once, not again on the next pass
    expect((await engine.syncOnce()).imported).toBe(0)
    expect(listEntries(db)).toHaveLength(2)
  })

  it('never overwrites a decision made in BillOps meanwhile: the local one is shown conflicted and not sent', async () => {
    const { engine, imported } = await importOneServerEntry()
    const serverId = imported!.server_ids[0]!
    // Approved from another device before this machine's rejection goes out.
    const elsewhere = await fetch(`${server.url}/api/v1/time-entries/${serverId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'approved', project_id: 'proj-web' }),
    })
    expect(elsewhere.status).toBe(200)
    rejectEntries(db, [imported!.id])
    const result = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(result.counts).toMatchObject({ conflicted: 1, pending: 0 })
    expect(getEntry(db, imported!.id)).toMatchObject({
      sync_state: 'conflicted',
      sync_error: expect.stringContaining('no longer pending in BillOps'),
    })
    expect(server.store.allEntries('alice').find((e) => e.id === serverId)).toMatchObject({
      status: 'approved',
      project_id: 'proj-web',
    })
  })

  it('marks a decision conflicted when the server entry is gone', async () => {
    const { engine, imported } = await importOneServerEntry()
    server.store.db.prepare('DELETE FROM entries').run()
    approveEntries(db, [imported!.id])
    const result = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(result.counts).toMatchObject({ conflicted: 1, pending: 0 })
    expect(getEntry(db, imported!.id)).toMatchObject({ sync_state: 'conflicted' })
    expect(getEntry(db, imported!.id)!.sync_error).toMatch(
      /no longer pending in BillOps \(decided or deleted there\); your approval was not sent/,
    )
  })

  it('marks a decision conflicted when its PATCH may have been sent and the server entry is gone (404)', async () => {
    const { engine, imported } = await importOneServerEntry()
    approveEntries(db, [imported!.id])
    // A run died after sending the PATCH and before storing the answer; then the entry went away.
    updateItem(db, liveItemFor(db, imported!.id)!.id, { sent: true }, '2024-02-01T10:00:00Z')
    server.store.db.prepare('DELETE FROM entries').run()
    const result = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(result.counts).toMatchObject({ conflicted: 1, pending: 0 })
    expect(getEntry(db, imported!.id)!.sync_error).toMatch(/404/)
  })

  it('stops on 401 and asks for a new token without spending attempts', async () => {
    seedApproved(db, 2)
    const { engine } = createTestEngine(db, server.url, 'wrong-token')
    const result = await engine.syncOnce()
    expect(result.outcome).toBe('auth_required')
    expect(result.message).toMatch(/token/)
    expect(result.counts.pending).toBe(2)
    expect(server.store.allEntries('alice')).toEqual([])
    const retry = createTestEngine(db, server.url, TOKEN)
    expect((await retry.engine.syncUntilSettled({ maxWaitMs: 60_000 })).counts.synced).toBe(2)
  })

  it('fails an item permanently with the server message on other 4xx, without blocking the others', async () => {
    seedApproved(db, 3)
    let calls = 0
    const picky: typeof fetch = async (input, init) => {
      if (init?.method === 'POST' && calls++ === 0) {
        return new Response(
          JSON.stringify({
            detail: [{ loc: ['body', 'activity_signals'], msg: 'too many signals', type: 'value_error' }],
          }),
          { status: 422 },
        )
      }
      return fetch(input, init)
    }
    const { engine } = createTestEngine(db, server.url, TOKEN, { fetch: picky, concurrency: 1 })
    const result = await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    expect(result.counts).toEqual({ synced: 2, pending: 0, failed: 1, conflicted: 0 })
    expect(result.outcome).toBe('failed')
    const failed = listEntries(db).find((e) => e.sync_state === 'failed')
    expect(failed?.sync_error).toContain('too many signals')
    // the user fixed the cause: the item goes out again, still only once
    expect(engine.retryFailed()).toBe(1)
    expect((await engine.syncUntilSettled({ maxWaitMs: 60_000 })).counts).toEqual({
      synced: 3,
      pending: 0,
      failed: 0,
      conflicted: 0,
    })
    expect(server.store.allEntries('alice').filter((e) => e.status === 'approved')).toHaveLength(3)
  })

  it('honours Retry-After on 503', async () => {
    seedApproved(db, 1)
    server.setFaults({ unavailableRate: 1, retryAfterSeconds: 120 })
    const { engine, clock } = createTestEngine(db, server.url, TOKEN)
    const before = clock.now()
    await engine.syncOnce()
    expect(engine.nextDueAt()).toBe(before + 120_000)
    server.setFaults({ unavailableRate: 0 })
    expect((await engine.syncUntilSettled({ maxWaitMs: 600_000 })).counts.synced).toBe(1)
  })

  it('lets only one process sync a database, and takes over from a dead one at once', async () => {
    seedApproved(db, 2)
    const other = createSyncLock(db, () => Date.now())
    expect(other.acquire()).toBe(true)
    const { engine } = createTestEngine(db, server.url, TOKEN)
    const blocked = await engine.syncOnce()
    expect(blocked).toMatchObject({
      outcome: 'retrying',
      message: expect.stringContaining('another BillOps Tracker process'),
    })
    expect(server.stats.requests).toBe(0)
    // a holder that was killed: its pid no longer exists
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid
    db.prepare('UPDATE sync_lock SET pid = ?').run(deadPid)
    expect((await engine.syncOnce()).counts.synced).toBe(2)
  })

  it('survives cut-off JSON answers and added latency without sending anything twice', async () => {
    const approved = seedApproved(db, 40)
    server.setFaults({ malformedJsonRate: 0.25, latencyMs: 2, ignoreIdempotencyKey: true })
    const { engine } = createTestEngine(db, server.url, TOKEN, { backoff: { baseMs: 0, maxMs: 0 } })
    const result = await engine.syncUntilSettled({ maxWaitMs: 600_000 })
    expect(result.counts).toEqual({ synced: 40, pending: 0, failed: 0, conflicted: 0 })
    expect(server.stats.malformed).toBeGreaterThan(0)
    await server.drainTasks()
    await engine.syncUntilSettled({ maxWaitMs: 60_000 })
    const onServer = server.store.allEntries('alice')
    expect(
      onServer
        .filter((e) => e.status === 'approved')
        .map((e) => e.started_at)
        .sort(),
    ).toEqual(approved.map((e) => e.started_at))
    expect(onServer.filter((e) => e.status !== 'approved')).toEqual([])
  })

  it('treats a task that stays PENDING for too long as lost (Celery says PENDING for unknown ids)', async () => {
    const [entry] = seedApproved(db, 1)
    const { engine, clock } = createTestEngine(db, server.url, TOKEN, { taskStaleAfterMs: 60_000, pollBudgetMs: 1_000 })
    const item = liveItemFor(db, entry!.id)!
    // as if the server lost the task behind the id we stored
    updateItem(
      db,
      item.id,
      { sent: true, task_id: 'forgotten-task', task_recorded_at: clock.now() - 120_000 },
      '2024-01-24T10:00:00Z',
    )
    const result = await engine.syncUntilSettled({ maxWaitMs: 600_000 })
    expect(result.counts).toEqual({ synced: 1, pending: 0, failed: 0, conflicted: 0 })
    expect(server.store.allEntries('alice').map((e) => [e.status, e.started_at])).toEqual([
      ['approved', entry!.started_at],
    ])
  })

  it('gives up with "offline" after a few passes that reach nothing, only when asked to', async () => {
    seedApproved(db, 2)
    const down = `http://127.0.0.1:${await closedPort()}`
    const retries: { waitMs: number; unreachable: boolean }[] = []
    const { engine } = createTestEngine(db, down, TOKEN)
    const fast = await engine.syncUntilSettled({
      maxWaitMs: 600_000,
      unreachableTries: 3,
      onRetry: (r) => retries.push(r),
    })
    expect(fast).toMatchObject({
      outcome: 'offline',
      message: expect.stringContaining('cannot reach the server'),
      counts: { pending: 2 },
    })
    expect(retries).toEqual([
      { reason: expect.stringContaining('cannot reach'), waitMs: 1_000, unreachable: true },
      { reason: expect.stringContaining('cannot reach'), waitMs: 2_000, unreachable: true },
    ])
    // without unreachableTries (the app): the usual backoff until maxWaitMs, nothing lost
    const slow = await engine.syncUntilSettled({ maxWaitMs: 30_000 })
    expect(slow).toMatchObject({ outcome: 'retrying', counts: { pending: 2, failed: 0 } })
  })

  it('never calls a busy server (503) unreachable', async () => {
    seedApproved(db, 1)
    server.setFaults({ unavailableRate: 1 })
    const reasons: string[] = []
    const { engine } = createTestEngine(db, server.url, TOKEN)
    const result = await engine.syncUntilSettled({
      maxWaitMs: 20_000,
      unreachableTries: 1,
      onRetry: (r) => reasons.push(r.reason),
    })
    expect(result).toMatchObject({ outcome: 'retrying', counts: { pending: 1 } })
    expect(reasons.length).toBeGreaterThan(0)
    expect(reasons.every((reason) => reason.includes('503'))).toBe(true)
  })
})
