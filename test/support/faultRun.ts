// Shared by the fault tests: 1,000 approved entries through a server that fails 20% of requests
// before doing any work (503) and loses 10% of responses after committing the work (500), and
// whose heuristics cut 2% of the spans in two. One entry in ten has no device signal (a
// calendar-only meeting or assigned away time, sent as attested signals, #23) and one in fifty a
// 23-minute quiet stretch (device and attested signals).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../tools/reference-server/server'
import { listEntries } from '../../src/main/store/entries'
import { closeDatabase, type WritableDB } from '../../src/main/store/database'
import { createTestEngine, openTempDb, seedApproved, tempDir } from './syncFixtures'

const COUNT = 1_000

function expectExactlyOnce(server: ReferenceServer, db: WritableDB): void {
  const approved = server.store.allEntries('alice').filter((e) => e.status === 'approved')
  const local = listEntries(db, { status: 'approved' })
  // exactly one approved server entry per local entry, with its exact span and duration
  expect(approved).toHaveLength(COUNT)
  const spans = approved.map((e) => `${e.started_at}|${e.ended_at}|${e.duration_minutes}`).sort()
  expect(new Set(spans).size).toBe(COUNT)
  expect(spans).toEqual(local.map((e) => `${e.started_at}|${e.ended_at}|${e.duration_minutes}`).sort())
  // no entry was ever created twice: the only rejected ones are the extras of the spans the
  // server's heuristics cut in two (a lost response is resolved by adopting, not resending)
  expect(server.stats.split).toBeGreaterThan(5)
  expect(server.store.allEntries('alice').filter((e) => e.status === 'rejected')).toHaveLength(server.stats.split)
  // nothing the engine created is left waiting for review on the server
  expect(server.store.allEntries('alice').filter((e) => e.status === 'pending')).toEqual([])
  // the attested entries arrived like the others, with their project
  expect(approved.every((e) => e.project_id === 'proj-1')).toBe(true)
  const attestedOnly = approved.filter((e) =>
    ['["calendar"]', '["manual"]'].includes(
      JSON.stringify((JSON.parse(e.context_data) as { applications: string[] }).applications),
    ),
  )
  expect(attestedOnly).toHaveLength(COUNT / 10)
  // each local entry points at the server entry that carries it
  const byId = new Map(approved.map((e) => [e.id, e]))
  for (const entry of local) {
    expect(entry.sync_state).toBe('synced')
    expect(byId.get(entry.server_ids[0]!)?.started_at).toBe(entry.started_at)
  }
}

export function describeFaultRun(ignoreIdempotencyKey: boolean): void {
  describe(`1,000 approved entries through a faulty server that ${ignoreIdempotencyKey ? 'ignores' : 'honours'} Idempotency-Key`, () => {
    let server: ReferenceServer
    let db: WritableDB
    let tmp: ReturnType<typeof tempDir>

    beforeEach(async () => {
      tmp = tempDir()
      db = openTempDb(tmp.dir)
      server = await startReferenceServer({
        port: 0,
        seed: ignoreIdempotencyKey ? 7 : 11,
        faults: { unavailableRate: 0.2, lostResponseRate: 0.1, splitEntryRate: 0.02, ignoreIdempotencyKey },
      })
    })
    afterEach(async () => {
      await server.close()
      closeDatabase(db)
      tmp.cleanup()
    })

    it('ends with exactly 1,000 approved server entries: none duplicated, none lost', async () => {
      const seeded = seedApproved(db, COUNT, { splitEvery: 50, attestedEvery: 10 })
      expect(seeded.filter((e) => e.context_data.calendar !== undefined || e.source === 'manual')).toHaveLength(
        COUNT / 10,
      )
      const { engine } = createTestEngine(db, server.url, 'dev-token-alice', {
        backoff: { baseMs: 0, maxMs: 0 },
        concurrency: 8,
      })
      const result = await engine.syncUntilSettled({ maxWaitMs: 10 * 60_000 })
      expect(result.counts).toEqual({ synced: COUNT, pending: 0, failed: 0, conflicted: 0 })
      // the faults really happened
      expect(server.stats.unavailable).toBeGreaterThan(100)
      expect(server.stats.lost).toBeGreaterThan(50)
      await server.drainTasks()
      // a later pass cleans up whatever a lost task created late, and sends nothing twice
      await engine.syncUntilSettled({ maxWaitMs: 60_000 })
      expectExactlyOnce(server, db)
    }, 120_000)
  })
}
