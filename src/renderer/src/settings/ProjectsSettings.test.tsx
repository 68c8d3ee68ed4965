// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/contract/client'
import type { Client, Project } from '../../../shared/contract/projects'
import { useAppStore } from '../state/appStore'
import { useProjectsStore } from '../state/projectsStore'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { ProjectsSettings } from './ProjectsSettings'

function setup(options: { failSaves?: boolean } = {}) {
  const clients: Client[] = [
    { id: 'acme', name: 'Acme' },
    { id: 'initech', name: 'Initech' },
  ]
  const projects: Project[] = [{ id: 'audit', name: 'Audit', client_id: 'acme' }]
  const api = fakeApi({
    'projects.list': () => ({ projects: [...projects], clients: [...clients] }),
    'projects.save': (input) => {
      if (options.failSaves) throw new ApiError('internal', 'disk full')
      const saved = { id: input.id ?? input.name.toLowerCase(), name: input.name, client_id: input.client_id ?? null }
      const at = projects.findIndex((p) => p.id === saved.id)
      if (at >= 0) projects[at] = saved
      else projects.push(saved)
      return saved
    },
    'clients.save': (input) => {
      const saved = { id: input.id ?? input.name.toLowerCase(), name: input.name }
      const at = clients.findIndex((c) => c.id === saved.id)
      if (at >= 0) clients[at] = saved
      else clients.push(saved)
      return saved
    },
  })
  useAppStore.setState({ api })
  return api
}

beforeEach(() => useProjectsStore.setState({ loaded: false, error: null, projects: [], clients: [] }))
afterEach(cleanup)

async function open() {
  await act(async () => void render(<ProjectsSettings />))
  await act(async () => {})
}

describe('ProjectsSettings', () => {
  it('renames a client, moves a project to another client and adds one, saving each through the API', async () => {
    const api = setup()
    await open()
    const clientName = screen.getByLabelText('Name of client Acme')
    const rename = () => screen.getAllByRole('button', { name: 'Rename' })[0]!
    expect(rename()).toHaveProperty('disabled', true)
    fireEvent.change(clientName, { target: { value: 'Acme Corp' } })
    await act(async () => void fireEvent.click(rename()))
    expect(api.calls.filter((c) => c.method === 'clients.save').map((c) => c.input)).toEqual([
      { id: 'acme', name: 'Acme Corp' },
    ])
    expect(screen.getByRole('status').textContent).toBe('Client renamed to “Acme Corp”.')

    fireEvent.change(screen.getByLabelText('Client of project Audit'), { target: { value: 'initech' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save' })))
    expect(api.calls.filter((c) => c.method === 'projects.save').at(-1)?.input).toEqual({
      id: 'audit',
      name: 'Audit',
      client_id: 'initech',
    })

    fireEvent.change(screen.getByLabelText('New project name'), { target: { value: 'Merger' } })
    fireEvent.change(screen.getByLabelText('Client of the new project'), { target: { value: 'acme' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Add project' })))
    expect(api.calls.filter((c) => c.method === 'projects.save').at(-1)?.input).toEqual({
      name: 'Merger',
      client_id: 'acme',
    })
    expect(screen.getByLabelText('Name of project Merger')).toBeTruthy()
    expect((screen.getByLabelText('New project name') as HTMLInputElement).value).toBe('')
  })

  it('shows a failed save and keeps what was typed', async () => {
    setup({ failSaves: true })
    await open()
    fireEvent.change(screen.getByLabelText('New project name'), { target: { value: 'Merger' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Add project' })))
    expect(screen.getByRole('alert').textContent).toContain('Could not create the project: disk full')
    expect((screen.getByLabelText('New project name') as HTMLInputElement).value).toBe('Merger')
  })
})
