import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_CHANGED_IDS, type ReviewEntry } from '../../../shared/contract/entries'
import { fakeApi, pagesOver, reviewEntry, type FakeHandlers } from '../../../../test/renderer/fakeApi'
import { useAppStore } from './appStore'
import { createQueueDeltas } from './queueDeltas'
import { useReviewStore } from './reviewStore'

const initial = useReviewStore.getState()
const delta = (added: string[], removed: string[] = []) => ({ reason: 'suggestions', added, changed: [], removed })

async function queueOf(entries: ReviewEntry[], handlers: FakeHandlers) {
  const api = fakeApi({ 'review.listPending': pagesOver(entries), ...handlers })
  useAppStore.setState({ api })
  await useReviewStore.getState().load()
  const reload = vi.fn()
  return { api, reload, deltas: createQueueDeltas(api, reload) }
}

beforeEach(() => {
  vi.useFakeTimers()
  useReviewStore.setState({ ...initial, selected: new Set(), order: [], byId: {} }, true)
})
afterEach(() => vi.useRealTimers())

describe('queue deltas', () => {
  it('keeps an entry removed while its fetch was out removed', async () => {
    const added = reviewEntry('2026-03-02T12:00:00Z', 5)
    let answer!: () => void
    const { deltas, reload } = await queueOf([], {
      // read before the removal: the answer still holds the entry
      'review.getEntries': () => new Promise((resolve) => (answer = () => resolve({ entries: [added] }))),
    })
    deltas.apply(delta([added.id]))
    await vi.advanceTimersByTimeAsync(200)
    deltas.apply(delta([], [added.id]))
    answer()
    await vi.advanceTimersByTimeAsync(200)
    expect(useReviewStore.getState().byId[added.id]).toBeUndefined()
    expect(reload).not.toHaveBeenCalled()
  })

  it('fetches a burst of ids together, at most MAX_CHANGED_IDS a call', async () => {
    const { api, deltas } = await queueOf([], { 'review.getEntries': () => ({ entries: [] }) })
    const ids = Array.from({ length: MAX_CHANGED_IDS + 20 }, (_, i) => `n${i}`)
    deltas.apply(delta(ids.slice(0, 300)))
    deltas.apply(delta(ids.slice(300)))
    await vi.advanceTimersByTimeAsync(1000)
    const sizes = api.calls
      .filter((c) => c.method === 'review.getEntries')
      .map((c) => (c.input as { ids: string[] }).ids.length)
    expect(sizes).toEqual([MAX_CHANGED_IDS, 20])
  })

  it('reloads when the entries cannot be fetched', async () => {
    const { deltas, reload } = await queueOf([], {
      'review.getEntries': () => Promise.reject(new Error('main is gone')),
    })
    deltas.apply(delta(['x']))
    await vi.advanceTimersByTimeAsync(200)
    expect(reload).toHaveBeenCalledTimes(1)
  })
})
