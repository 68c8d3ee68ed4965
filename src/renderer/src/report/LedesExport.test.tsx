// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { useAppStore } from '../state/appStore'
import { LedesExport } from './LedesExport'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const range = { from: '2024-03-01', to: '2024-03-31', time_zone: 'Europe/Berlin' }
const clients = [
  { id: 'smith', name: 'Smith Holdings LLC' },
  { id: 'whitaker', name: 'Whitaker Family Trust' },
]

/** Catches the download the view starts (an <a download> clicked) instead of jsdom navigating. */
function catchDownloads() {
  const saved: string[] = []
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download)
  })
  URL.createObjectURL = vi.fn(() => 'blob:ledes')
  URL.revokeObjectURL = vi.fn()
  return saved
}

describe('Reports → LEDES 1998B', () => {
  it('lists every problem the validator finds and saves nothing', async () => {
    const saved = catchDownloads()
    const api = fakeApi({
      'report.ledes': () => ({
        ok: false,
        problems: [
          'INVOICE_NUMBER is empty',
          'line 2 (2024-03-06, matter 2024-0117): the matter requires a UTBMS task code',
        ],
      }),
    })
    useAppStore.setState({ api })
    render(<LedesExport range={range} clients={clients} />)
    const button = screen.getByRole('button', { name: 'Export LEDES' }) as HTMLButtonElement
    // two clients: the user has to pick one first
    expect(button.disabled).toBe(true)
    fireEvent.change(screen.getByLabelText('Client'), { target: { value: 'smith' } })
    await act(async () => void fireEvent.click(button))
    expect(api.calls).toEqual([{ method: 'report.ledes', input: { ...range, client: 'smith', invoice_number: '' } }])
    const list = screen.getByRole('list', { name: 'Problems that stop the LEDES file' })
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'INVOICE_NUMBER is empty',
      'line 2 (2024-03-06, matter 2024-0117): the matter requires a UTBMS task code',
    ])
    expect(screen.getByRole('status').textContent).toBe('LEDES file not saved: fix the problems below')
    expect(saved).toEqual([])
  })

  it("saves the file of the period's only client with the invoice number typed, and clears old problems", async () => {
    const saved = catchDownloads()
    let reply: 'refuse' | 'file' = 'refuse'
    const api = fakeApi({
      'report.ledes': () =>
        reply === 'refuse'
          ? { ok: false, problems: ['INVOICE_NUMBER is empty'] }
          : {
              ok: true,
              file_name: 'ledes1998b-smith-2024-03-01-2024-03-31.txt',
              mime_type: 'text/plain',
              text: 'LEDES1998B[]\r\n',
              lines: 2,
              total: 315,
            },
    })
    useAppStore.setState({ api })
    render(<LedesExport range={range} clients={clients.slice(0, 1)} />)
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Export LEDES' })))
    expect(screen.getByTestId('ledes-problems')).toBeTruthy()
    reply = 'file'
    fireEvent.change(screen.getByLabelText('Invoice number'), { target: { value: ' INV-7 ' } })
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Export LEDES' })))
    expect(api.calls.at(-1)).toEqual({
      method: 'report.ledes',
      input: { ...range, client: 'smith', invoice_number: 'INV-7' },
    })
    expect(saved).toEqual(['ledes1998b-smith-2024-03-01-2024-03-31.txt'])
    expect(screen.getByRole('status').textContent).toBe('Exported ledes1998b-smith-2024-03-01-2024-03-31.txt (2 lines)')
    expect(screen.queryByTestId('ledes-problems')).toBeNull()
  })

  it('offers nothing when no client has approved time in the period', () => {
    useAppStore.setState({ api: fakeApi({}) })
    render(<LedesExport range={range} clients={[]} />)
    expect(screen.queryByRole('button', { name: 'Export LEDES' })).toBeNull()
  })
})
