// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReviewEntry } from '../../../shared/contract/entries'
import { defaultSettings } from '../../../shared/domain'
import { fakeApi, pagesOver, reviewEntry, type FakeHandlers } from '../../../../test/renderer/fakeApi'
import { useAppStore } from './appStore'
import { useReviewStore } from './reviewStore'
import { useLiveQueue } from './useLiveQueue'

function Probe() {
  useLiveQueue()
  return null
}

const status = (pending: number) => ({
  version: '0',
  tracking: { mode: 'active' as const, paused_until: null },
  capture_health: [],
  pending_count: pending,
})

beforeEach(() => {
  vi.useFakeTimers()
  useReviewStore.setState({ phase: 'idle', order: [], byId: {}, selected: new Set(), loadedAll: false })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

async function mount(entries: ReviewEntry[] = [reviewEntry('2026-03-02T09:00:00Z', 30)], handlers: FakeHandlers = {}) {
  const api = fakeApi({
    'review.listPending': pagesOver(entries),
    'projects.list': () => ({ projects: [], clients: [] }),
    'settings.get': () => defaultSettings(),
    'away.next': () => null,
    'sync.getStatus': () => Promise.reject(new Error('no sync in this test')),
    ...handlers,
  })
  useAppStore.setState({ api, status: status(entries.length) })
  await act(async () => void render(<Probe />))
  const reloads = () => api.calls.filter((c) => c.method === 'review.listPending').length
  return { api, reloads }
}

describe('useLiveQueue', () => {
  it('reloads the queue after rules change even when a status event with an unchanged count follows', async () => {
    const { api, reloads } = await mount()
    expect(reloads()).toBe(1)
    act(() => {
      api.emit('settings.changed', defaultSettings())
      api.emit('review.changed', { reason: 'suggestions', added: [], changed: [], removed: [] })
      api.emit('status.changed', status(1))
    })
    await act(async () => void vi.advanceTimersByTime(1000))
    expect(reloads()).toBe(2)
  })

  it('does not reload for status events that agree with the list, but does when the count differs', async () => {
    const { api, reloads } = await mount()
    act(() => api.emit('status.changed', status(1)))
    await act(async () => void vi.advanceTimersByTime(1000))
    expect(reloads()).toBe(1)
    act(() => {
      useAppStore.setState({ status: status(4) })
      api.emit('status.changed', status(4))
    })
    await act(async () => void vi.advanceTimersByTime(1000))
    expect(reloads()).toBe(2)
  })

  it('patches the rows a review.changed delta names, fetched by id, without listing the queue again', async () => {
    const [older, newer, doomed] = [
      reviewEntry('2026-03-02T09:00:00Z', 30),
      reviewEntry('2026-03-02T10:00:00Z', 30),
      reviewEntry('2026-03-02T11:00:00Z', 30),
    ]
    const grown = { ...newer, ended_at: '2026-03-02T10:45:00Z', duration_minutes: 45 }
    const added = reviewEntry('2026-03-02T12:00:00Z', 15)
    const { api, reloads } = await mount([older!, newer!, doomed!], {
      'review.getEntries': () => ({ entries: [grown, added] }),
    })
    useReviewStore.getState().setCursor(doomed!.id)
    act(() => {
      api.emit('review.changed', {
        reason: 'suggestions',
        added: [added.id],
        changed: [newer!.id],
        removed: [doomed!.id],
      })
      // the pending count main reports after that round agrees with the patched list
      useAppStore.setState({ status: status(3) })
      api.emit('status.changed', status(3))
    })
    // timers and the by-id fetch interleave as they would for real
    await act(() => vi.advanceTimersByTimeAsync(1000))
    expect(api.calls.filter((c) => c.method === 'review.getEntries').map((c) => c.input)).toEqual([
      { ids: [added.id, newer!.id] },
    ])
    const state = useReviewStore.getState()
    expect(state.order).toEqual([added.id, newer!.id, older!.id])
    expect(state.byId[newer!.id]).toEqual(grown)
    expect(state.byId[doomed!.id]).toBeUndefined()
    // the cursor was on the removed row: it lands on the row that took its place
    expect(state.cursor).toBe(newer!.id)
    expect(reloads()).toBe(1)
  })

  it('reloads the queue for an event that cannot name its entries', async () => {
    const { api, reloads } = await mount()
    act(() => api.emit('review.changed', { reason: 'sync', added: [], changed: [], removed: [], reload: true }))
    await act(async () => void vi.advanceTimersByTime(1000))
    expect(reloads()).toBe(2)
    expect(api.calls.some((c) => c.method === 'review.getEntries')).toBe(false)
  })
})
