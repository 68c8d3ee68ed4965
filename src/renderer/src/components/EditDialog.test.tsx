// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { reviewEntry } from '../../../../test/renderer/fakeApi'
import { useProjectsStore } from '../state/projectsStore'
import { EditDialog } from './EditDialog'

beforeEach(() => useProjectsStore.setState({ loaded: true, projects: [], clients: [] }))
afterEach(cleanup)

const billing = {
  task_code: null,
  activity_code: 'A103',
  activity_source: 'suggested' as const,
  activity_reason: 'A103 Draft/revise: writing in word',
  task_code_missing: true,
  violations: [],
}

describe('EditDialog UTBMS codes (#30)', () => {
  it('sets the task code the user picks, leaves the suggested activity code a suggestion, and saves the edit first', async () => {
    const order: string[] = []
    const onSave = vi.fn(async () => (order.push('edit'), true))
    const onSaveCodes = vi.fn(async () => (order.push('codes'), true))
    const onClose = vi.fn()
    render(
      <EditDialog
        entry={reviewEntry('2026-03-02T09:00:00Z', 30, { billing, notes: 'Drafted MSJ' })}
        onSave={onSave}
        onSaveCodes={onSaveCodes}
        onClose={onClose}
      />,
    )
    expect(screen.getByText('Suggested activity: A103 Draft/revise: writing in word')).toBeTruthy()
    expect((screen.getByLabelText('Activity code') as HTMLSelectElement).value).toBe('A103')
    fireEvent.change(screen.getByLabelText('Task code'), { target: { value: 'L240' } })
    fireEvent.change(screen.getByLabelText('Notes'), { target: { value: 'Drafted motion for summary judgment' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save' })))
    expect(onSave).toHaveBeenCalledWith({ notes: 'Drafted motion for summary judgment' })
    expect(onSaveCodes).toHaveBeenCalledWith({ task_code: 'L240' })
    expect(order).toEqual(['edit', 'codes'])
    expect(onClose).toHaveBeenCalled()
  })

  it('clears a code set to None, and stays open when the codes cannot be saved', async () => {
    const onSave = vi.fn(async () => true)
    const onSaveCodes = vi.fn(async () => false)
    const onClose = vi.fn()
    const entry = reviewEntry('2026-03-02T09:00:00Z', 30, {
      billing: {
        ...billing,
        task_code: 'L240',
        activity_code: 'A104',
        activity_source: 'user',
        activity_reason: null,
        task_code_missing: false,
      },
      notes: 'x',
    })
    render(<EditDialog entry={entry} onSave={onSave} onSaveCodes={onSaveCodes} onClose={onClose} />)
    fireEvent.change(screen.getByLabelText('Activity code'), { target: { value: 'none' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save' })))
    // only codes changed: no entry edit is sent
    expect(onSave).not.toHaveBeenCalled()
    expect(onSaveCodes).toHaveBeenCalledWith({ activity_code: null })
    expect(onClose).not.toHaveBeenCalled()
  })

  it('shows no code fields without a matter list (no billing) or without a way to save them', () => {
    render(
      <EditDialog
        entry={reviewEntry('2026-03-02T09:00:00Z', 30)}
        onSave={async () => true}
        onSaveCodes={async () => true}
        onClose={() => undefined}
      />,
    )
    expect(screen.queryByLabelText('Task code')).toBeNull()
    cleanup()
    render(
      <EditDialog
        entry={reviewEntry('2026-03-02T09:00:00Z', 30, { billing })}
        onSave={async () => true}
        onClose={() => undefined}
      />,
    )
    expect(screen.queryByLabelText('Task code')).toBeNull()
  })
})
