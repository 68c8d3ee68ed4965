import { afterEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type WritableDB } from './database'
import { readSignalCursor } from './cursor'
import { upsertSignals, type SignalRecord } from './signals'
import { HeuristicsStore } from './suggest'

let db: WritableDB
afterEach(() => closeDatabase(db))

const typed = (ts: number, app = 'vscode'): SignalRecord => ({ ts, app, type: 'keyboard', count: 1, title: null })

describe('heuristics store: reading signals behind the cursor', () => {
  it('ends a page on a whole second, reads a second larger than a page whole, and claims what it read', () => {
    db = openDatabase(':memory:')
    const store = new HeuristicsStore(db, () => 0)
    upsertSignals(db, [typed(10), typed(11, 'a'), typed(11, 'b'), typed(11, 'c'), typed(12)])
    const first = store.readNew(3, 100)
    // 10 and part of 11 fit in the page: the page stops after 10, 11 is read next time whole.
    expect(first?.rows.map((r) => `${r.ts}${r.app}`)).toEqual(['10vscode'])
    expect(first?.throughTs).toBe(10)
    expect(readSignalCursor(db)).toMatchObject({ doneTs: 0, claimedTs: 10 })
    store.markDoneThrough(10)
    const second = store.readNew(2, 100)
    expect(second?.rows.map((r) => `${r.ts}${r.app}`)).toEqual(['11a', '11b', '11c'])
    store.markDoneThrough(second!.throughTs)
    expect(store.readNew(2, 100)?.rows.map((r) => r.ts)).toEqual([12])
  })

  it('never reads past the future limit, and leaves skipped signals out even once their time has come', () => {
    db = openDatabase(':memory:')
    const store = new HeuristicsStore(db, () => 0)
    upsertSignals(db, [typed(10), typed(5_000)])
    expect(store.skipSignalsAfter(100)).toBe(1)
    expect(store.skipSignalsAfter(100)).toBe(0)
    expect(store.readNew(10, 100)?.rows.map((r) => r.ts)).toEqual([10])
    store.markDoneThrough(10)
    upsertSignals(db, [typed(4_999), typed(5_000, 'chrome')])
    expect(store.readNew(10, 10_000)?.rows.map((r) => `${r.ts}${r.app}`)).toEqual(['4999vscode', '5000chrome'])
  })
})
