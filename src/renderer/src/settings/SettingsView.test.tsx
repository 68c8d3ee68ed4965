// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings, type Settings } from '../../../shared/domain'
import { useAppStore } from '../state/appStore'
import { useSettingsStore } from '../state/settingsStore'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { SettingsView } from './SettingsView'

function setup() {
  let stored: Settings = defaultSettings()
  const api = fakeApi({
    'settings.get': () => stored,
    'settings.update': (patch) => (stored = { ...stored, ...patch } as Settings),
    'projects.list': () => ({ projects: [], clients: [] }),
    'calendar.list': () => [],
    'sync.getStatus': () => ({
      server_url: null,
      token_set: false,
      secret_backend: 'memory' as const,
      secret_warning: null,
      online: true,
      running: false,
      next_run_at: null,
      last_result: null,
      counts: { synced: 0, pending: 0, failed: 0, conflicted: 0 },
    }),
  })
  useAppStore.setState({ api })
  return api
}

beforeEach(() => useSettingsStore.setState({ settings: null, phase: 'idle', error: null, saving: false }))
afterEach(cleanup)

async function open() {
  await act(async () => void render(<SettingsView />))
  await act(async () => {})
}

describe('SettingsView', () => {
  it('explains how the chosen billing increment rounds, and saves it', async () => {
    const api = setup()
    await open()
    expect(screen.getByTestId('rounding-explanation').textContent).toContain('exact duration')
    fireEvent.click(screen.getByRole('radio', { name: /15 minutes/ }))
    expect(screen.getByTestId('rounding-explanation').textContent).toContain('7 minutes bill as 15')
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save settings' })))
    const update = api.calls.find((c) => c.method === 'settings.update')!.input as Partial<Settings>
    expect(update.billing_increment_minutes).toBe(15)
    expect(screen.getByTestId('settings-saved')).toBeTruthy()
  })

  it('edits thresholds, excluded apps and a classification rule', async () => {
    const api = setup()
    await open()
    fireEvent.change(screen.getByLabelText('Idle after (minutes)'), { target: { value: '8' } })
    fireEvent.change(screen.getByLabelText(/Excluded apps/), { target: { value: 'keepass\n1password' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add classification rule' }))
    const rule = screen.getByRole('group', { name: 'Classification rule 1' })
    fireEvent.change(rule.querySelectorAll('input')[0]!, { target: { value: 'word' } })
    fireEvent.change(rule.querySelectorAll('input')[2]!, { target: { value: 'acme' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save settings' })))
    const update = api.calls.find((c) => c.method === 'settings.update')!.input as Settings
    expect(update.idle_threshold_minutes).toBe(8)
    expect(update.excluded_apps).toEqual(['keepass', '1password'])
    expect(update.classification_rules).toMatchObject([{ app: 'word', project_id: 'acme', client_id: null }])
  })

  // Issue #26 (7): the form checks with the engine the rules run on (RE2), as the save does: a
  // lookbehind JavaScript would take is refused too.
  it.each(['([unclosed', '(?<=Re: ).*'])('refuses to save the redaction pattern %s and says why', async (pattern) => {
    const api = setup()
    await open()
    fireEvent.click(screen.getByRole('button', { name: 'Add redaction rule' }))
    const rule = screen.getByRole('group', { name: 'Redaction rule 1' })
    fireEvent.change(rule.querySelectorAll('input')[1]!, { target: { value: pattern } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save settings' })))
    expect(screen.getByRole('alert').textContent).toContain(`Redaction pattern "${pattern}"`)
    expect(api.calls.some((c) => c.method === 'settings.update')).toBe(false)
  })

  it('sends only the fields the user changed', async () => {
    const api = setup()
    await open()
    fireEvent.change(screen.getByLabelText('Idle after (minutes)'), { target: { value: '8' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save settings' })))
    expect(api.calls.find((c) => c.method === 'settings.update')!.input).toEqual({ idle_threshold_minutes: 8 })
  })

  it('follows changes made elsewhere (tray, sync) without losing the unsaved edits', async () => {
    const api = setup()
    await open()
    fireEvent.change(screen.getByLabelText('Idle after (minutes)'), { target: { value: '8' } })
    fireEvent.change(screen.getByLabelText(/Excluded apps/), { target: { value: 'keepass' } })
    // settings.changed from another caller: private mode switched on in the tray
    await act(async () =>
      useSettingsStore.setState({
        settings: { ...useSettingsStore.getState().settings!, private_mode: true, retention_days: 30 },
      }),
    )
    expect((screen.getByLabelText(/Private mode/) as HTMLInputElement).checked).toBe(true)
    expect((screen.getByLabelText('Keep raw activity for (days)') as HTMLInputElement).value).toBe('30')
    expect((screen.getByLabelText('Idle after (minutes)') as HTMLInputElement).value).toBe('8')
    expect((screen.getByLabelText(/Excluded apps/) as HTMLTextAreaElement).value).toBe('keepass')
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Save settings' })))
    expect(api.calls.find((c) => c.method === 'settings.update')!.input).toEqual({
      idle_threshold_minutes: 8,
      excluded_apps: ['keepass'],
    })
  })
})
