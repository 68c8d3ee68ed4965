// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../../shared/contract/client'
import type { CalendarSource } from '../../../shared/contract/calendar'
import { defaultSettings, type Settings } from '../../../shared/domain'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { useAppStore } from '../state/appStore'
import { useCalendarStore } from '../state/calendarStore'
import { useSettingsStore } from '../state/settingsStore'
import { CalendarSettings } from './CalendarSettings'

const source = (overrides: Partial<CalendarSource> = {}): CalendarSource => ({
  id: 'c1',
  kind: 'url',
  location: 'https://calendar.example.com/me.ics',
  my_emails: ['me@firm.com'],
  fetch_state: 'failed',
  last_error: 'the calendar server answered HTTP 503 Service Unavailable',
  last_attempt_at: '2026-06-01T14:15:00Z',
  last_success_at: null,
  event_count: 0,
  contents: null,
  expansion_cut_short: 0,
  skipped: {},
  ...overrides,
})

function setup(initial: CalendarSource[]) {
  let sources = initial
  let settings: Settings = defaultSettings()
  const api = fakeApi({
    'calendar.list': () => sources,
    'calendar.addUrl': ({ url }) => {
      if (url.startsWith('http://')) throw new ApiError('invalid_input', 'calendar subscriptions must use https://')
      sources = [
        ...sources,
        source({
          id: 'c2',
          location: url,
          fetch_state: 'ok',
          last_error: null,
          event_count: 0,
          contents: {
            events: 12,
            first_start_at: '2024-01-08T15:00:00Z',
            last_end_at: '2024-06-24T15:00:00Z',
            open_ended: false,
          },
          expansion_cut_short: 1,
        }),
      ]
      return sources.at(-1) as CalendarSource
    },
    'calendar.remove': ({ id }) => {
      sources = sources.filter((s) => s.id !== id)
      return null
    },
    'settings.update': (patch) => (settings = { ...settings, ...patch } as Settings),
  })
  useAppStore.setState({ api })
  useSettingsStore.setState({ settings, phase: 'ready' })
  return api
}

beforeEach(() => useCalendarStore.setState({ sources: [], busy: false, error: null }))
afterEach(cleanup)

async function open() {
  await act(async () => void render(<CalendarSettings />))
  await act(async () => {})
}

describe('Settings → Calendars', () => {
  it('shows each calendar’s fetch state and last error, and removes one', async () => {
    setup([source()])
    await open()
    const item = screen.getByTestId('calendar-source')
    expect(item.textContent).toContain('Failed at')
    expect(item.textContent).toContain('HTTP 503 Service Unavailable')
    await act(
      async () =>
        void fireEvent.click(
          screen.getByRole('button', { name: 'Remove calendar https://calendar.example.com/me.ics' }),
        ),
    )
    expect(screen.getByText('No calendars yet.')).toBeTruthy()
  })

  it('shows how many events a calendar left out and why, and nothing when it left none out', async () => {
    setup([
      source({
        fetch_state: 'ok',
        last_error: null,
        event_count: 40,
        skipped: { 'zone unknown': 2, 'unreadable line': 1 },
      }),
      source({ id: 'c2', location: 'b.ics', kind: 'file', skipped: {} }),
    ])
    await open()
    expect(screen.getAllByTestId('calendar-skipped').map((s) => s.textContent)).toEqual([
      '3 skipped: 2 zone unknown, 1 unreadable line',
    ])
  })

  it('adds a subscription with the user’s addresses, and says why one is refused', async () => {
    const api = setup([])
    await open()
    fireEvent.change(screen.getByLabelText('Your e-mail addresses (to read whether you accepted)'), {
      target: { value: 'me@firm.com, me@home.example' },
    })
    fireEvent.change(screen.getByLabelText('Subscription URL (https)'), {
      target: { value: 'http://calendar.example.com/x.ics' },
    })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Add subscription' })))
    expect(screen.getByRole('alert').textContent).toContain('must use https://')
    fireEvent.change(screen.getByLabelText('Subscription URL (https)'), {
      target: { value: 'https://calendar.example.com/team.ics' },
    })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Add subscription' })))
    expect(api.calls.filter((c) => c.method === 'calendar.addUrl').at(-1)?.input).toEqual({
      url: 'https://calendar.example.com/team.ics',
      my_emails: ['me@firm.com', 'me@home.example'],
    })
    // A calendar of the past says where its events are, and that part of it could not be expanded in time.
    expect(screen.getByTestId('calendar-source').textContent).toMatch(/12 events, 2024-01-0[89] – 2024-06-2[45]/)
    expect(screen.getByTestId('calendar-source').textContent).toContain('too big to expand in time')
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('turns a skip rule off as a setting', async () => {
    const api = setup([])
    await open()
    await act(async () => void fireEvent.click(screen.getByLabelText('Skip events I declined')))
    expect(api.calls.find((c) => c.method === 'settings.update')?.input).toEqual({ calendar_skip_declined: false })
  })
})
