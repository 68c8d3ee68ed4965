// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAppStore } from '../state/appStore'
import { useAwayStore } from '../state/awayStore'
import { useProjectsStore } from '../state/projectsStore'
import { fakeApi, reviewEntry } from '../../../../test/renderer/fakeApi'
import { AwayPrompt } from '../review/AwayPrompt'

const meeting = {
  title: 'Smith v. Jones – strategy',
  started_at: '2026-03-02T12:00:00Z',
  ended_at: '2026-03-02T13:00:00Z',
  project_id: null,
  client_id: 'client-smith',
}
const base = {
  started_at: '2026-03-02T12:05:00Z',
  ended_at: '2026-03-02T12:50:00Z',
  minutes: 45,
  previous_entry_id: null,
  last_app: null,
}

function setup(withMeeting: boolean) {
  const api = fakeApi({
    'away.next': () => ({ ...base, meeting: withMeeting ? meeting : null }),
    'away.decide': () => ({
      label: 'Assigned away time',
      entries: [reviewEntry(base.started_at, 45)],
      removed_ids: [],
    }),
    'projects.list': () => ({ projects: [], clients: [] }),
  })
  useAppStore.setState({ api })
  useProjectsStore.setState({ projects: [], clients: [] })
  return api
}

beforeEach(() => useAwayStore.setState({ period: null, deciding: false, error: null }))
afterEach(cleanup)

async function open() {
  await act(() => useAwayStore.getState().check())
  await act(async () => void render(<AwayPrompt />))
  return screen.getByRole('dialog', { name: 'You were away 45 min' })
}

describe('the away prompt during a calendar meeting', () => {
  it('offers "Keep as the meeting" first, focused, and m keeps it with the meeting’s client', async () => {
    const api = setup(true)
    const dialog = await open()
    const choices = dialog.querySelectorAll('.away__choices button')
    expect(choices[0]?.textContent).toBe('m Keep as the meeting ‘Smith v. Jones – strategy’')
    expect(document.activeElement).toBe(choices[0])
    await act(async () => void fireEvent.keyDown(dialog, { key: 'm' }))
    expect(api.calls.find((c) => c.method === 'away.decide')?.input).toEqual({
      decision: 'assign',
      started_at: base.started_at,
      ended_at: base.ended_at,
      project_id: null,
      client_id: 'client-smith',
      activity_type: 'meeting',
      notes: null,
    })
  })

  it('offers no meeting (and m does nothing) when the absence was not one', async () => {
    const api = setup(false)
    const dialog = await open()
    expect(dialog.textContent).not.toContain('Keep as the meeting')
    expect(document.activeElement?.textContent).toContain('Discard')
    await act(async () => void fireEvent.keyDown(dialog, { key: 'm' }))
    expect(api.calls.some((c) => c.method === 'away.decide')).toBe(false)
  })
})
