// Issue #13: the sync lock is kept alive on a timer while a run is busy (a long import or poll
// must not let it go stale), and a run that has lost the lock to another process stops sending.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../tools/reference-server/server'
import { createManualClock } from '../../../test/support/manualClock'
import { closeDatabase, type WritableDB } from '../store/database'
import { createTestEngine, openTempDb, seedApproved, tempDir } from '../../../test/support/syncFixtures'

const lockRow = (db: WritableDB) =>
  db.prepare('SELECT owner, heartbeat_at FROM sync_lock WHERE id = 1').get() as
    { owner: string; heartbeat_at: number } | undefined

describe('sync lock heartbeat', () => {
  let server: ReferenceServer
  let tmp: ReturnType<typeof tempDir>
  let db: WritableDB

  beforeEach(async () => {
    tmp = tempDir()
    db = openTempDb(tmp.dir)
    server = await startReferenceServer({ port: 0, taskDelayMs: 5 })
  })
  afterEach(async () => {
    closeDatabase(db)
    await server.close()
    tmp.cleanup()
  })

  it('beats on a timer while one request takes long', async () => {
    seedApproved(db, 1)
    const clock = createManualClock(1_000_000)
    const beats: boolean[] = []
    const slow: typeof fetch = async (input, init) => {
      const before = lockRow(db)?.heartbeat_at
      clock.advance(60_000)
      await new Promise((resolve) => setTimeout(resolve, 60))
      beats.push((lockRow(db)?.heartbeat_at ?? 0) > (before ?? Number.POSITIVE_INFINITY))
      return fetch(input, init)
    }
    const { engine } = createTestEngine(db, server.url, 'dev-token-alice', { fetch: slow, clock, lockHeartbeatMs: 10 })
    await engine.syncOnce()
    expect(beats.length).toBeGreaterThan(0)
    expect(beats.every(Boolean)).toBe(true)
  })

  it('stops sending when another process took the lock', async () => {
    seedApproved(db, 6)
    let requests = 0
    const stealing: typeof fetch = async (input, init) => {
      requests++
      if (requests === 1) {
        db.prepare("UPDATE sync_lock SET owner = 'another-process' WHERE id = 1").run()
        await new Promise((resolve) => setTimeout(resolve, 60))
      }
      return fetch(input, init)
    }
    const { engine } = createTestEngine(db, server.url, 'dev-token-alice', {
      fetch: stealing,
      concurrency: 1,
      lockHeartbeatMs: 10,
    })
    const result = await engine.syncOnce()
    expect(result.outcome).toBe('retrying')
    expect(result.message).toMatch(/lock/)
    expect(result.counts.synced).toBeLessThanOrEqual(1)
    // the other process's lock is left alone
    expect(lockRow(db)?.owner).toBe('another-process')
  })
})
