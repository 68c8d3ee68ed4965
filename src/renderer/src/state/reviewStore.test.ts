import { beforeEach, describe, expect, it } from 'vitest'
import type { ReviewEntry } from '../../../shared/contract/entries'
import { fakeApi, pagesOver, reviewEntry, type FakeHandlers } from '../../../../test/renderer/fakeApi'
import { useAppStore } from './appStore'
import { FIRST_PAGE, useReviewStore } from './reviewStore'

const initial = useReviewStore.getState()

function connect(handlers: FakeHandlers) {
  const api = fakeApi(handlers)
  useAppStore.setState({ api })
  return api
}

/** n entries, one every 10 minutes from 2026-03-02 08:00Z; returned oldest first. */
function day(n: number): ReviewEntry[] {
  return Array.from({ length: n }, (_, i) =>
    reviewEntry(new Date(Date.parse('2026-03-02T08:00:00Z') + i * 600_000).toISOString().replace('.000Z', 'Z'), 5),
  )
}

beforeEach(() => {
  useReviewStore.setState({ ...initial, selected: new Set(), order: [], byId: {} }, true)
})

describe('review store', () => {
  it('shows the first page at once and streams the rest, newest first, without duplicates', async () => {
    const entries = day(FIRST_PAGE + 450)
    const api = connect({ 'review.listPending': pagesOver(entries) })
    await useReviewStore.getState().load()
    const state = useReviewStore.getState()
    expect(state.phase).toBe('ready')
    expect(state.loadedAll).toBe(true)
    expect(state.order).toHaveLength(entries.length)
    expect(new Set(state.order).size).toBe(entries.length)
    expect(state.order[0]).toBe(entries.at(-1)!.id)
    expect(state.cursor).toBe(entries.at(-1)!.id)
    expect(api.calls.filter((c) => c.method === 'review.listPending')).toHaveLength(2)
  })

  it('approving moves the cursor to the next pending entry and keeps the approved row visible', async () => {
    const entries = day(3)
    const [oldest, middle, newest] = entries as [ReviewEntry, ReviewEntry, ReviewEntry]
    const api = connect({
      'review.listPending': pagesOver(entries),
      'review.approve': ({ ids }) => ({
        label: `Approved ${ids.length}`,
        entries: [],
        removed_ids: [],
        decided: ids.map((id) => ({ id, status: 'approved' as const, sync_state: 'queued' as const })),
      }),
    })
    await useReviewStore.getState().load()
    expect(await useReviewStore.getState().approve()).toBe(true)
    const state = useReviewStore.getState()
    expect(api.calls.at(-1)).toEqual({ method: 'review.approve', input: { ids: [newest.id] } })
    expect(state.byId[newest.id]!.status).toBe('approved')
    expect(state.order).toEqual([newest.id, middle.id, oldest.id])
    expect(state.cursor).toBe(middle.id)
    expect(state.notice).toMatchObject({ text: 'Approved 1', kind: 'info' })
    expect(state.pendingCount()).toBe(2)
  })

  it('range selection takes only pending entries, and actions apply to the selection', async () => {
    const entries = day(5).map((e, i) => (i === 2 ? { ...e, status: 'approved' as const } : e))
    const api = connect({
      'review.listPending': pagesOver(entries),
      'review.reject': ({ ids }) => ({
        label: 'Rejected',
        entries: entries.filter((e) => ids.includes(e.id)).map((e) => ({ ...e, status: 'rejected' as const })),
        removed_ids: [],
      }),
    })
    await useReviewStore.getState().load()
    const s = useReviewStore.getState()
    s.toggle() // the newest
    s.move(3)
    s.selectRange()
    expect([...useReviewStore.getState().selected].sort()).toEqual(
      [entries[4]!.id, entries[3]!.id, entries[1]!.id].sort(),
    )
    await useReviewStore.getState().reject()
    expect((api.calls.at(-1)!.input as { ids: string[] }).ids.sort()).toEqual(
      [entries[4]!.id, entries[3]!.id, entries[1]!.id].sort(),
    )
    expect(useReviewStore.getState().selected.size).toBe(0)
  })

  it('a split inserts the new part in time order; a merge drops the absorbed entry', async () => {
    const entries = day(3)
    const [oldest, middle] = entries as [ReviewEntry, ReviewEntry, ReviewEntry]
    connect({ 'review.listPending': pagesOver(entries) })
    await useReviewStore.getState().load()
    const secondHalf = reviewEntry('2026-03-02T08:12:00Z', 3)
    useReviewStore
      .getState()
      .applyChange({ label: 'Split entry', entries: [{ ...middle, duration_minutes: 2 }, secondHalf], removed_ids: [] })
    expect(useReviewStore.getState().order).toEqual([entries[2]!.id, secondHalf.id, middle.id, oldest.id])
    useReviewStore
      .getState()
      .applyChange({ label: 'Merged', entries: [{ ...oldest, ended_at: middle.ended_at }], removed_ids: [middle.id] })
    expect(useReviewStore.getState().order).toEqual([entries[2]!.id, secondHalf.id, oldest.id])
    expect(useReviewStore.getState().byId[middle.id]).toBeUndefined()
  })

  it('a refused action shows why and reloads the queue when it changed underneath', async () => {
    const entries = day(2)
    let gone = false
    const api = connect({
      'review.listPending': (input) => pagesOver(gone ? entries.slice(0, 1) : entries)!(input) as never,
      'review.approve': () => {
        gone = true
        throw Object.assign(new Error('entry e1 no longer exists (the queue may have changed; refresh)'), {
          code: 'not_found',
        })
      },
    })
    await useReviewStore.getState().load()
    expect(await useReviewStore.getState().approve()).toBe(false)
    expect(useReviewStore.getState().notice).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('no longer exists'),
    })
    await new Promise((r) => setTimeout(r, 0))
    expect(api.calls.filter((c) => c.method === 'review.listPending').length).toBe(2)
    expect(useReviewStore.getState().order).toHaveLength(1)
  })

  it('a failed first load is an error state, not an empty queue', async () => {
    connect({ 'review.listPending': () => Promise.reject(new Error('database is locked')) })
    await useReviewStore.getState().load()
    expect(useReviewStore.getState()).toMatchObject({
      phase: 'error',
      error: expect.stringContaining('database is locked'),
    })
  })

  it('patches in entries main names: a removed cursor moves to the next row, older entries wait for their page', async () => {
    const entries = day(FIRST_PAGE + 10)
    const pages = pagesOver(entries)!
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const api = connect({
      'review.listPending': async (input) => {
        if (input.after) await gate
        return pages(input)
      },
    })
    const loading = useReviewStore.getState().load()
    await new Promise((resolve) => setTimeout(resolve, 0))
    const before = useReviewStore.getState()
    expect(before.loadedAll).toBe(false)
    const [top, second] = before.order as [string, string]
    before.toggle(top)

    const newest = reviewEntry('2026-03-03T08:00:00Z', 5)
    const older = reviewEntry('2026-03-01T08:00:00Z', 5)
    const decided = reviewEntry('2026-03-03T09:00:00Z', 5, { status: 'approved' })
    useReviewStore.getState().mergeFromMain([newest, older, decided], [top])
    const after = useReviewStore.getState()
    expect(after.order.slice(0, 2)).toEqual([newest.id, second])
    expect(after.byId[top]).toBeUndefined()
    // older than every loaded row: its page (still loading) brings it, in order
    expect(after.byId[older.id]).toBeUndefined()
    // the queue lists pending entries only
    expect(after.byId[decided.id]).toBeUndefined()
    expect(after.cursor).toBe(second)
    expect(after.selected.size).toBe(0)
    expect(after.anchor).toBeNull()

    release()
    await loading
    expect(useReviewStore.getState().order).toHaveLength(entries.length)
    expect(api.calls.filter((c) => c.method === 'review.listPending')).toHaveLength(2)
  })
})
