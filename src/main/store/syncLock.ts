// Only one process syncs a database at a time: two senders of the same queued item would both
// ingest it, and a server that ignores Idempotency-Key would then bill the time twice.
import { randomUUID } from 'node:crypto'
import type { WritableDB } from './database'
import { prepared } from './prepared'

export interface SyncLock {
  /** true when this engine holds the lock (taken over from a dead or silent holder if needed) */
  acquire(): boolean
  /** refreshes the lock; false when this engine no longer holds it (taken over as stale) */
  heartbeat(): boolean
  release(): void
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export function createSyncLock(db: WritableDB, now: () => number, staleAfterMs = 10 * 60_000): SyncLock {
  const owner = randomUUID()
  const pid = process.pid
  return {
    acquire() {
      return db
        .transaction(() => {
          const row = prepared<[], { owner: string; pid: number; heartbeat_at: number }>(
            db,
            'SELECT owner, pid, heartbeat_at FROM sync_lock WHERE id = 1',
          ).get()
          const free = !row || row.owner === owner || !processAlive(row.pid) || now() - row.heartbeat_at > staleAfterMs
          if (!free) return false
          prepared(db, 'INSERT OR REPLACE INTO sync_lock (id, owner, pid, heartbeat_at) VALUES (1, ?, ?, ?)').run(
            owner,
            pid,
            now(),
          )
          return true
        })
        .immediate()
    },
    heartbeat() {
      return (
        prepared(db, 'UPDATE sync_lock SET heartbeat_at = ? WHERE id = 1 AND owner = ?').run(now(), owner).changes === 1
      )
    },
    release() {
      prepared(db, 'DELETE FROM sync_lock WHERE id = 1 AND owner = ?').run(owner)
    },
  }
}
