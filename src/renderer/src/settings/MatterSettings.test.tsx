// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { MatterImportReport } from '../../../shared/contract/matters'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { useAppStore } from '../state/appStore'
import { MatterSettings } from './MatterSettings'

afterEach(cleanup)

const report = (overrides: Partial<MatterImportReport> = {}): MatterImportReport => ({
  format: 'csv',
  mapping: {
    fields: { number: 'Display Number', name: 'Description', client: 'Client' },
    unused: ['Responsible Attorney'],
    missing: [],
  },
  read: 2,
  problems: [{ row: 4, reason: 'number: Too small: expected string to have >=1 characters' }],
  ...overrides,
})

describe('Settings → Matters', () => {
  it('shows the column mapping and skipped rows before importing, then what the import did', async () => {
    let stored = 0
    const api = fakeApi({
      'matters.list': () =>
        Array.from({ length: stored }, () => ({
          number: 'x',
          name: 'x',
          client: 'x',
          client_id: null,
          project_id: null,
          client_matter_id: null,
          client_code: null,
          aliases: [],
          parties: [],
          domains: [],
          utbms_required: false,
          rate: null,
        })),
      'matters.preview': () => report(),
      'matters.import': () => {
        stored = 2
        return {
          ...report(),
          imported: { created: 2, updated: 0, unchanged: 0, projects_matched: 1, clients_created: 2 },
        }
      },
    })
    useAppStore.setState({ api })
    await act(async () => void render(<MatterSettings />))
    expect(screen.getByText('No matters yet.')).toBeTruthy()
    const file = new File(['Display Number,Description,Client\n'], 'matters.csv', { type: 'text/csv' })
    await act(
      async () =>
        void fireEvent.change(screen.getByLabelText('Matter list (.csv or .json)'), { target: { files: [file] } }),
    )
    const mapping = await screen.findByTestId('matter-mapping')
    expect(mapping.textContent).toContain('Matter numberDisplay Number')
    expect(mapping.textContent).toContain('Not used: Responsible Attorney')
    expect(mapping.textContent).toContain('1 row will be skipped')
    expect(api.calls.some((c) => c.method === 'matters.import')).toBe(false)
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Import 2 matters' })))
    expect(screen.getByRole('status').textContent).toBe(
      'Imported: 2 new, 0 updated, 0 unchanged; 1 existing projects matched.',
    )
    expect(screen.getByText('2 matters.')).toBeTruthy()
  })

  it('says which required column is missing and offers no import', async () => {
    useAppStore.setState({
      api: fakeApi({
        'matters.list': () => [],
        'matters.preview': () =>
          report({
            mapping: { fields: { name: 'Name' }, unused: ['Owner'], missing: ['number', 'client'] },
            read: 0,
            problems: [],
          }),
      }),
    })
    await act(async () => void render(<MatterSettings />))
    const file = new File(['Name,Owner\n'], 'm.csv', { type: 'text/csv' })
    await act(
      async () =>
        void fireEvent.change(screen.getByLabelText('Matter list (.csv or .json)'), { target: { files: [file] } }),
    )
    expect((await screen.findByRole('alert')).textContent).toBe(
      'No column for Matter number, Client: the file cannot be imported.',
    )
    expect((screen.getByRole('button', { name: 'Import 0 matters' }) as HTMLButtonElement).disabled).toBe(true)
  })
})
