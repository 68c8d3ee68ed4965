// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useAppStore } from '../state/appStore'
import { useAwayStore } from '../state/awayStore'
import { useProjectsStore } from '../state/projectsStore'
import { fakeApi, reviewEntry } from '../../../../test/renderer/fakeApi'
import { AwayPrompt } from './AwayPrompt'

const period = {
  started_at: '2026-03-02T12:00:00Z',
  ended_at: '2026-03-02T12:45:00Z',
  minutes: 45,
  previous_entry_id: 'p1',
  last_app: 'vscode',
}
const span = { started_at: period.started_at, ended_at: period.ended_at }

function setup() {
  let asked = 0
  const api = fakeApi({
    'away.next': () => (asked++ === 0 ? period : null),
    'away.decide': (d) => ({
      label: `decided ${d.decision}`,
      entries: d.decision === 'assign' ? [reviewEntry(span.started_at, 45, { project_id: d.project_id ?? null })] : [],
      removed_ids: [],
    }),
    'projects.save': ({ name, client_id }) => ({ id: name.toLowerCase(), name, client_id: client_id ?? null }),
    'projects.list': () => ({ projects: [{ id: 'board', name: 'Board', client_id: null }], clients: [] }),
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
const key = (target: Element, k: string) => act(async () => void fireEvent.keyDown(target, { key: k }))

describe('AwayPrompt', () => {
  it('asks with the span, focuses Discard (the default), and d discards in one keystroke', async () => {
    const api = setup()
    const dialog = await open()
    expect(dialog.textContent).toContain('(last in vscode)')
    expect(document.activeElement?.textContent).toContain('Discard')
    await key(dialog, 'd')
    expect(api.calls.find((c) => c.method === 'away.decide')!.input).toEqual({ decision: 'discard', ...span })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('k keeps the time on the previous entry', async () => {
    const api = setup()
    await key(await open(), 'k')
    expect(api.calls.find((c) => c.method === 'away.decide')!.input).toEqual({ decision: 'keep', ...span })
  })

  it('a asks for a project (free entry when the list is empty) and a note, then assigns', async () => {
    const api = setup()
    await key(await open(), 'a')
    const project = screen.getByRole('combobox', { name: 'Project' })
    fireEvent.change(project, { target: { value: 'Board' } })
    await key(project, 'Enter')
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'Budget call' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Assign' })))
    expect(api.calls.find((c) => c.method === 'projects.save')!.input).toEqual({ name: 'Board', client_id: null })
    expect(api.calls.find((c) => c.method === 'away.decide')!.input).toEqual({
      decision: 'assign',
      ...span,
      project_id: 'board',
      client_id: null,
      notes: 'Budget call',
      activity_type: 'meeting',
    })
  })

  it('Escape postpones without deciding', async () => {
    const api = setup()
    await key(await open(), 'Escape')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(api.calls.some((c) => c.method === 'away.decide')).toBe(false)
  })
})
