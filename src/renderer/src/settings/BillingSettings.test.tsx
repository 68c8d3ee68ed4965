// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings, type Settings } from '../../../shared/domain'
import { GUIDELINE_RULES } from '../../../shared/matters/guidelines'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { useAppStore } from '../state/appStore'
import { useProjectsStore } from '../state/projectsStore'
import { useSettingsStore } from '../state/settingsStore'
import { BillingSettings } from './BillingSettings'

const clients = [
  { id: 'acme', name: 'Acme Insurance' },
  { id: 'globex', name: 'Globex Corp' },
]

function setup(initial: Partial<Settings> = {}) {
  let stored: Settings = { ...defaultSettings(), ...initial }
  const api = fakeApi({
    'settings.update': (patch) => (stored = { ...stored, ...patch } as Settings),
    'projects.list': () => ({ projects: [], clients }),
  })
  useAppStore.setState({ api })
  useSettingsStore.setState({ settings: stored, phase: 'ready', error: null, saving: false })
  return api
}

const updates = (api: ReturnType<typeof setup>) =>
  api.calls.filter((c) => c.method === 'settings.update').map((c) => c.input as Partial<Settings>)
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })

beforeEach(() => useProjectsStore.setState({ loaded: false, projects: [], clients: [], error: null }))
afterEach(cleanup)

async function open() {
  await act(async () => void render(<BillingSettings />))
  await act(async () => {})
}

describe('Settings → Billing', () => {
  it('saves the timekeeper, the firm and per client the rate, UTBMS codes and the guideline rules switched off', async () => {
    const api = setup({ client_guidelines: { globex: { DAILY_HOURS: { limit: 12 } } } })
    await open()
    type('Timekeeper id', ' TK-7 ')
    type('Timekeeper name (Surname, First)', 'Doe, Jane')
    fireEvent.change(screen.getByLabelText('Classification'), { target: { value: 'ASSOC' } })
    type('Timekeeper hourly rate', '350')
    type('Law firm id', '12-3456789')
    type('Hourly rate for Acme Insurance', '425.5')
    fireEvent.click(screen.getByLabelText('UTBMS codes required for Acme Insurance'))
    fireEvent.click(screen.getByLabelText('Block billing check for Acme Insurance'))
    fireEvent.click(screen.getByLabelText('Hours per matter per day check for Globex Corp'))
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save billing' })))

    expect(updates(api)).toEqual([
      {
        timekeeper_id: 'TK-7',
        timekeeper_name: 'Doe, Jane',
        timekeeper_classification: 'ASSOC',
        timekeeper_rate: 350,
        law_firm_id: '12-3456789',
        client_rates: { acme: 425.5 },
        client_utbms_required: { acme: true },
        // the limit set elsewhere stays when the rule is switched off
        client_guidelines: {
          acme: { BLOCK_BILLING: { enabled: false } },
          globex: { DAILY_HOURS: { limit: 12, enabled: false } },
        },
      },
    ])
    expect(screen.getByRole('status').textContent).toBe('Billing saved.')
    expect((screen.getByLabelText('Block billing check for Acme Insurance') as HTMLInputElement).checked).toBe(false)
    expect((screen.getByLabelText('Vague narrative check for Acme Insurance') as HTMLInputElement).checked).toBe(true)
  })

  it('switches a rule back on, clears a rate and unticks UTBMS', async () => {
    const api = setup({
      client_rates: { acme: 400 },
      client_utbms_required: { acme: true },
      client_guidelines: { acme: { ADMIN_TASK: { enabled: false } } },
    })
    await open()
    expect((screen.getByLabelText('Hourly rate for Acme Insurance') as HTMLInputElement).value).toBe('400')
    type('Hourly rate for Acme Insurance', '')
    fireEvent.click(screen.getByLabelText('UTBMS codes required for Acme Insurance'))
    fireEvent.click(screen.getByLabelText('Administrative tasks check for Acme Insurance'))
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save billing' })))
    expect(updates(api)[0]).toMatchObject({ client_rates: {}, client_utbms_required: {}, client_guidelines: {} })
  })

  it('refuses a name not written "Surname, First" and a negative rate, saving nothing', async () => {
    const api = setup()
    await open()
    type('Timekeeper name (Surname, First)', 'Jane Doe')
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save billing' })))
    expect(screen.getByRole('alert').textContent).toBe('Timekeeper name must be "Surname, First".')
    type('Timekeeper name (Surname, First)', 'Doe, Jane')
    expect(screen.queryByRole('alert')).toBeNull()
    // the browser refuses the range before the form is submitted
    type('Hourly rate for Globex Corp', '-5')
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save billing' })))
    expect((screen.getByLabelText('Hourly rate for Globex Corp') as HTMLInputElement).validity.rangeUnderflow).toBe(
      true,
    )
    expect(updates(api)).toEqual([])
  })

  it('says when the save is refused and keeps the edits', async () => {
    const api = setup()
    useAppStore.setState({
      api: {
        ...api,
        call: async (method, input) =>
          method === 'settings.update' ? Promise.reject(new Error('law_firm_id: too long')) : api.call(method, input),
      },
    })
    await open()
    type('Law firm id', 'F-1')
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save billing' })))
    expect(screen.getByRole('alert').textContent).toBe('Settings not saved: law_firm_id: too long')
    expect((screen.getByLabelText('Law firm id') as HTMLInputElement).value).toBe('F-1')
    expect(screen.queryByRole('status')).toBeNull()
  })

  it('lists every guideline rule as a column header of the client table', async () => {
    setup()
    await open()
    const table = screen.getByRole('table', { name: /Billing per client/ })
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((th) => th.textContent)
    expect(headers).toEqual([
      'Client',
      'Hourly rate',
      'UTBMS codes required',
      ...GUIDELINE_RULES.map((rule) => rule.title),
    ])
    expect(
      within(table)
        .getAllByRole('rowheader')
        .map((th) => th.textContent),
    ).toEqual(['Acme Insurance', 'Globex Corp'])
  })
})
