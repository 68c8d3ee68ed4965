// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { useAppStore } from '../state/appStore'
import { MatterCoverage } from './MatterCoverage'

afterEach(cleanup)

const row = (key: string, captured: number, capturedWith: number, approved: number, approvedWith: number) => ({
  key,
  captured_minutes: captured,
  captured_with_matter_minutes: capturedWith,
  approved_minutes: approved,
  approved_with_matter_minutes: approvedWith,
})

const range = { from: '2024-01-22', to: '2024-01-28', time_zone: 'Europe/Berlin' }

describe('Reports → Matter coverage', () => {
  it('draws the share of captured and approved time with a matter by day and by app, for the period asked', async () => {
    const api = fakeApi({
      'matters.coverage': () => ({
        days: [row('2024-01-22', 240, 180, 120, 120), row('2024-01-23', 60, 0, 0, 0)],
        apps: [row('WINWORD.EXE', 200, 150, 120, 120), row('chrome', 100, 30, 0, 0)],
        total: row('total', 300, 180, 120, 120),
      }),
    })
    useAppStore.setState({ api })
    await act(async () => void render(<MatterCoverage range={range} reloadKey={1} />))
    expect(api.calls).toEqual([{ method: 'matters.coverage', input: range }])
    const days = screen.getByRole('table', { name: 'Matter coverage by day' })
    const [, monday, tuesday] = within(days).getAllByRole('row')
    expect(within(monday!).getByRole('rowheader').textContent).toContain('22')
    expect([...monday!.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['4:00', '75 %', '2:00', '100 %'])
    // nothing approved that day: no share to give, not "0 %"
    expect([...tuesday!.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['1:00', '0 %', '0:00', '—'])
    const apps = screen.getByRole('table', { name: 'Matter coverage by app' })
    expect(within(apps).getByRole('rowheader', { name: 'chrome' })).toBeTruthy()
    expect(
      within(apps)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['App', 'Captured', 'Captured with a matter', 'Approved', 'Approved with a matter'])
    expect(screen.getByText(/Share of time that has a matter: 60 % of captured, 100 % of approved/)).toBeTruthy()
  })

  it('says so when the period has no captured time, and shows a failure as an alert', async () => {
    useAppStore.setState({
      api: fakeApi({ 'matters.coverage': () => ({ days: [], apps: [], total: row('total', 0, 0, 0, 0) }) }),
    })
    await act(async () => void render(<MatterCoverage range={range} reloadKey={1} />))
    expect(screen.getByText('No captured time in this period.')).toBeTruthy()
    expect(screen.queryByRole('table')).toBeNull()
    cleanup()
    useAppStore.setState({ api: fakeApi({}) })
    await act(async () => void render(<MatterCoverage range={range} reloadKey={1} />))
    expect(screen.getByRole('alert').textContent).toContain('Could not compute the matter coverage')
  })
})
