// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ReviewEntry } from '../../../shared/contract/entries'
import { formatClock } from '../format'
import { useAppStore } from '../state/appStore'
import { useProjectsStore } from '../state/projectsStore'
import { useReviewStore } from '../state/reviewStore'
import { fakeApi, pagesOver, reviewEntry, type FakeHandlers } from '../../../../test/renderer/fakeApi'
import { ReviewView } from './ReviewView'

const initial = useReviewStore.getState()

beforeAll(() => {
  // jsdom has no layout: give the scroll container a size so the virtual list draws rows.
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 })
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 })
})
beforeEach(() => useReviewStore.setState({ ...initial, selected: new Set(), order: [], byId: {} }, true))
afterEach(cleanup)

function entries(n: number): ReviewEntry[] {
  return Array.from({ length: n }, (_, i) =>
    reviewEntry(new Date(Date.parse('2026-03-02T08:00:00Z') + i * 120_000).toISOString().replace('.000Z', 'Z'), 1, {
      id: `id${i}`,
    }),
  )
}

async function show(handlers: FakeHandlers) {
  const api = fakeApi(handlers)
  useAppStore.setState({ api })
  await act(() => useReviewStore.getState().load())
  await act(async () => void render(<ReviewView />))
  return api
}

const press = (key: string, init: KeyboardEventInit = {}) => act(() => void fireEvent.keyDown(window, { key, ...init }))

describe('ReviewView', () => {
  it('is a grid whose rows a screen reader announces by span, duration, billed, activity, project, confidence and verify reason', async () => {
    useProjectsStore.setState({
      projects: [{ id: 'acme', name: 'Acme audit', client_id: 'acme-co' }],
      clients: [{ id: 'acme-co', name: 'Acme Co' }],
    })
    const unsure = reviewEntry('2026-03-02T10:00:00Z', 7, {
      id: 'unsure',
      activity_type: 'mixed',
      project_id: 'acme',
      client_id: 'acme-co',
      billed_minutes: 12,
      needs_verification: true,
      context_data: {
        confidence: 0.35,
        applications: ['chrome', 'slack'],
        primary_activity: 'mixed',
        reasons: ['multiple activity types detected'],
      },
    })
    const sure = reviewEntry('2026-03-02T11:00:00Z', 60, {
      id: 'sure',
      activity_type: 'writing',
      billed_minutes: 60,
      context_data: { confidence: 0.9, applications: ['word'], primary_activity: 'writing', reasons: [] },
    })
    const pages = pagesOver([unsure, sure])!
    await show({ 'review.listPending': async (input) => ({ ...(await pages(input)), billing_increment_minutes: 6 }) })
    const grid = screen.getByRole('grid', { name: 'Entries awaiting review' })
    const span = (e: ReviewEntry) => `${formatClock(e.started_at)}–${formatClock(e.ended_at)}`
    const row = within(grid).getByRole('row', {
      name: `${span(unsure)}, 7 min, bills 12 min, mixed, project Acme audit, client Acme Co, low confidence 35%, verify: multiple activity types detected`,
    })
    expect(row.getAttribute('data-entry-id')).toBe('unsure')
    expect(
      within(grid)
        .getByRole('row', { name: `${span(sure)}, 1 h, bills 1 h, writing, no project, high confidence 90%` })
        .getAttribute('data-entry-id'),
    ).toBe('sure')
    // the checkbox is in a cell of its own, not nested in another control
    expect(within(row).getAllByRole('gridcell')[0]!.querySelector('input[type=checkbox]')).not.toBeNull()
    useProjectsStore.setState({ projects: [], clients: [] })
  })

  it('roving tabindex: only the cursor row is a tab stop, and the focus follows the cursor', async () => {
    await show({ 'review.listPending': pagesOver(entries(5)) })
    const tabStops = () => screen.getAllByTestId('queue-row').filter((r) => r.tabIndex === 0)
    expect(tabStops().map((r) => r.getAttribute('data-entry-id'))).toEqual(['id4'])
    expect(document.activeElement?.getAttribute('data-entry-id')).toBe('id4')
    await press('j')
    expect(tabStops().map((r) => r.getAttribute('data-entry-id'))).toEqual(['id3'])
    expect(document.activeElement?.getAttribute('data-entry-id')).toBe('id3')
    expect(document.activeElement?.getAttribute('aria-current')).toBe('true')
  })

  it('draws only a window of rows for a long queue, grouped under a day heading', async () => {
    await show({ 'review.listPending': pagesOver(entries(3000)) })
    expect(screen.getByTestId('queue-count').textContent).toContain('3000 pending')
    const drawn = screen.getAllByTestId('queue-row')
    expect(drawn.length).toBeGreaterThan(5)
    expect(drawn.length).toBeLessThan(60)
    expect(drawn[0]!.getAttribute('data-entry-id')).toBe('id2999')
    expect(screen.getAllByTestId('day-heading')[0]!.textContent).toMatch(/\d+ pending · /)
  })

  it('j, x, j, x then a approves exactly the two selected entries', async () => {
    const list = entries(5)
    const api = await show({
      'review.listPending': pagesOver(list),
      'review.approve': ({ ids }) => ({
        label: `Approved ${ids.length} entries`,
        entries: [],
        removed_ids: [],
        decided: ids.map((id) => ({ id, status: 'approved' as const, sync_state: 'queued' as const })),
      }),
    })
    await press('j')
    await press('x')
    await press('j')
    await press('x')
    expect(screen.getByTestId('selection-count').textContent).toContain('2 selected')
    await press('a')
    const call = api.calls.find((c) => c.method === 'review.approve')!
    expect((call.input as { ids: string[] }).ids.sort()).toEqual(['id2', 'id3'])
    expect(screen.getByTestId('notice').textContent).toBe('Approved 2 entries')
    const approved = screen.getAllByTestId('queue-row').filter((row) => row.getAttribute('data-status') === 'approved')
    expect(approved.map((row) => row.getAttribute('data-entry-id')).sort()).toEqual(['id2', 'id3'])
  })

  it('? opens the shortcut help as a labelled dialog and Escape closes it', async () => {
    await show({ 'review.listPending': pagesOver(entries(2)) })
    await press('?')
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' })
    expect(within(dialog).getByText('Split the entry at a time')).toBeTruthy()
    await act(() => void fireEvent.keyDown(dialog, { key: 'Escape' }))
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('e opens the edit dialog; shortcuts typed into its fields do not act on the queue', async () => {
    const api = await show({
      'review.listPending': pagesOver(entries(2)),
      'review.update': () => ({ label: 'Edited entry', entries: [], removed_ids: [] }),
    })
    await press('e')
    const dialog = screen.getByRole('dialog', { name: 'Edit entry' })
    const notes = within(dialog).getByLabelText('Notes')
    await act(() => void fireEvent.keyDown(notes, { key: 'a' }))
    expect(api.calls.some((c) => c.method === 'review.approve')).toBe(false)
    fireEvent.change(notes, { target: { value: 'Reviewed the lease' } })
    await act(async () => void fireEvent.click(within(dialog).getByRole('button', { name: 'Save' })))
    expect(api.calls.find((c) => c.method === 'review.update')!.input).toEqual({
      id: 'id1',
      changes: { notes: 'Reviewed the lease' },
    })
  })

  it('shows an empty state, and an error state with a way to retry', async () => {
    await show({ 'review.listPending': pagesOver([]) })
    expect(screen.getByTestId('queue-empty').textContent).toContain('Nothing to review')
    cleanup()
    let fail = true
    await show({
      'review.listPending': (input) => (fail ? Promise.reject(new Error('disk full')) : pagesOver(entries(1))!(input)),
    })
    expect(screen.getByRole('alert').textContent).toContain('disk full')
    fail = false
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Try again' })))
    expect(screen.getAllByTestId('queue-row')).toHaveLength(1)
  })

  it('prevents the default action only of the keys it handles', async () => {
    await show({ 'review.listPending': pagesOver(entries(2)) })
    /** false when the handler called preventDefault */
    const keepsDefault = (key: string, init: KeyboardEventInit = {}) => {
      let kept = true
      act(() => void (kept = fireEvent.keyDown(window, { key, ...init })))
      return kept
    }
    expect(keepsDefault('j')).toBe(false)
    expect(keepsDefault('q')).toBe(true)
    expect(keepsDefault('r', { ctrlKey: true })).toBe(true)
    expect(keepsDefault('j', { altKey: true })).toBe(true)
  })
})
