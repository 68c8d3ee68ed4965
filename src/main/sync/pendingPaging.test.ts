// Issue #26 (11): the pending-review list was read whole (up to 1,000 pages of up to 32 MB) before
// anything was done with it. Now each page is used as it arrives and only ids are kept across
// pages: a page's new entries are stored before the next page is asked for, so a listing that
// fails part-way keeps what it had read and the next pass goes on from there without duplicates.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../base/logger'
import { systemClock } from '../base/clock'
import { closeDatabase, openDatabase, type WritableDB } from '../store/database'
import { listEntries } from '../store/entries'
import { type BillOpsClient } from './apiClient'
import type { EntryPage, ServerEntry } from './apiSchemas'
import { createEngineContext } from './engineContext'
import { importPending } from './pendingImport'
import { BillOpsError } from './billOpsError'
import { scanAllPages } from './pagedListing'

const entry = (i: number): ServerEntry => ({
  id: `srv-${i}`,
  started_at: new Date(Date.UTC(2026, 0, 5, 9) + i * 3_600_000).toISOString().replace('.000Z', 'Z'),
  ended_at: new Date(Date.UTC(2026, 0, 5, 9, 30) + i * 3_600_000).toISOString().replace('.000Z', 'Z'),
  duration_minutes: 30,
  status: 'pending',
  notes: `review ${i}`,
})

let db: WritableDB
beforeEach(() => {
  db = openDatabase(':memory:')
})
afterEach(() => closeDatabase(db))

/** A pending-review list of `total` entries served `limit` at a time; `failAtSkip` answers 500 once. */
function pendingServer(total: number, options: { failAtSkip?: number } = {}) {
  const requests: number[] = []
  let failed = false
  const client = {
    listPendingReview: async ({ skip, limit }: { skip: number; limit: number }): Promise<EntryPage> => {
      requests.push(skip)
      if (skip === options.failAtSkip && !failed) {
        failed = true
        throw new BillOpsError('server_busy', 'BillOps answered 500', 500)
      }
      return {
        total,
        entries: Array.from({ length: Math.max(0, Math.min(limit, total - skip)) }, (_, k) => entry(skip + k)),
      }
    },
  } as unknown as BillOpsClient
  return { client, requests }
}

const context = () =>
  createEngineContext({
    db,
    clock: systemClock,
    logger: silentLogger,
    fetch,
    secretStore: { get: async () => null, set: async () => {}, delete: async () => {} } as never,
    serverUrl: () => null,
    thresholds: () => ({ idle_threshold_minutes: 5, max_merge_idle_minutes: 10 }),
    pageSize: 10,
    getRetries: 0,
  })

describe('pending-review paging', () => {
  it('stores each page before asking for the next; a failure part-way keeps what was read', async () => {
    const server = pendingServer(35, { failAtSkip: 20 })
    await expect(importPending(context(), server.client)).rejects.toThrow(/500/)
    expect(
      listEntries(db)
        .map((e) => e.id)
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `server-srv-${i}`).sort())
    // The next pass imports the rest, none twice.
    expect(await importPending(context(), server.client)).toBe(15)
    expect(listEntries(db)).toHaveLength(35)
  })

  it('hands each page over as it is read and keeps none of them', async () => {
    const server = pendingServer(25)
    const seenWhenVisited: number[] = []
    const sizes: number[] = []
    const count = await scanAllPages(
      (page) => server.client.listPendingReview(page),
      (entries) => {
        seenWhenVisited.push(server.requests.length)
        sizes.push(entries.length)
      },
      10,
    )
    expect(count).toBe(25)
    expect(sizes).toEqual([10, 10, 5])
    // page n was handed over before page n+1 was requested
    expect(seenWhenVisited).toEqual([1, 2, 3])
  })
})
