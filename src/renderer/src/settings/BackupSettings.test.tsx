// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useAppStore } from '../state/appStore'
import { fakeApi } from '../../../../test/renderer/fakeApi'
import { BackupSettings } from './BackupSettings'

const backups = {
  folder: '/home/u/.config/billops/backups',
  backups: [
    {
      name: 'billops-2026-11-30T10-00-00-000Z-daily.db',
      kind: 'daily' as const,
      created_at: '2026-11-30T10:00:00.000Z',
      bytes: 3 * 1024 * 1024,
    },
    {
      name: 'billops-2026-11-20T08-00-00-000Z-pre-migration-v5-to-v6.db',
      kind: 'pre-migration' as const,
      created_at: '2026-11-20T08:00:00.000Z',
      bytes: 1024 * 1024,
    },
  ],
}

afterEach(cleanup)

describe('Settings → Backups and diagnostics', () => {
  it('shows the last backup and restores the chosen one by name', async () => {
    const api = fakeApi({ 'backups.list': () => backups, 'backups.restore': () => ({ restarting: true }) })
    useAppStore.setState({ api })
    await act(async () => void render(<BackupSettings />))
    expect(screen.getByTestId('last-backup').textContent).toMatch(
      /Last backup: .*daily, 3\.0 MB.*2 kept in \/home\/u\/\.config\/billops\/backups/,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Restore…' }))
    const restore = screen.getByRole('button', { name: 'Restore and restart' }) as HTMLButtonElement
    expect(restore.disabled).toBe(true)
    fireEvent.change(screen.getByLabelText('Backup to restore'), { target: { value: backups.backups[1].name } })
    await act(async () => void fireEvent.click(restore))
    expect(api.calls.at(-1)).toEqual({ method: 'backups.restore', input: { name: backups.backups[1].name } })
    expect(screen.getByRole('status').textContent).toMatch(/restarts/)
  })

  it('says when there is no backup yet, and copies diagnostics to the clipboard', async () => {
    const writeText = vi.fn(async () => {})
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
    const api = fakeApi({
      'backups.list': () => ({ folder: '/b', backups: [] }),
      'app.getDiagnostics': () => ({ text: 'BillOps Tracker 0.1.0' }),
    })
    useAppStore.setState({ api })
    await act(async () => void render(<BackupSettings />))
    expect(screen.getByTestId('last-backup').textContent).toMatch(/No backup yet/)
    expect((screen.getByRole('button', { name: 'Restore…' }) as HTMLButtonElement).disabled).toBe(true)
    await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' })))
    expect(writeText).toHaveBeenCalledWith('BillOps Tracker 0.1.0')
    expect(screen.getByRole('status').textContent).toMatch(/copied/)
  })
})
