// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defaultSettings } from '../../../shared/domain'
import { fakeApi, pagesOver, reviewEntry } from '../test/fakeApi'
import { useAppStore } from './appStore'
import { useReviewStore } from './reviewStore'
import { useLiveQueue } from './useLiveQueue'

function Probe() {
  useLiveQueue()
  return null
}

const status = (pending: number) => ({
  version: '0', tracking: { mode: 'active' as const, paused_until: null }, capture_health: [], pending_count: pending,
})

beforeEach(() => {
  vi.useFakeTimers()
  useReviewStore.setState({ phase: 'idle', order: [], byId: {}, selected: new Set(), loadedAll: false })
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

async function mount() {
  const api = fakeApi({
    'review.listPending': pagesOver([reviewEntry('2026-03-02T09:00:00Z', 30)]),
    'projects.list': () => ({ projects: [], clients: [] }),
    'settings.get': () => defaultSettings(),
    'away.next': () => null,
    'sync.getStatus': () => Promise.reject(new Error('no sync in this test')),
  })
  useAppStore.setState({ api, status: status(1) })
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
      api.emit('review.changed', { reason: 'suggestions' })
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
})
