// Reports → PDF against the mocked electron module: the HTML report is printed in a hidden window
// without JavaScript, saved where the user chose, and nothing is written when the user cancels.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createElectronMock, FakeBrowserWindow } from '../../../test/support/electronMock'

const electron = createElectronMock()
vi.mock('electron', () => electron.mock)

const { createReportPdfPrinter } = await import('./reportPdf')

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0
  electron.dialogs.saveDialogs.length = 0
})

const HTML = '<!doctype html><h1>Time report 2026-03-02 to 2026-03-08</h1>'

describe('report PDF', () => {
  it('prints the report in a hidden window with JavaScript off and saves it where the user chose', async () => {
    const target = join(electron.userData, 'march.pdf')
    electron.dialogs.saveTo = target
    const print = createReportPdfPrinter({ parent: () => null, defaultDir: () => '/home/me/Documents' })
    expect(await print(HTML, 'billops-report-2026-03-02-to-2026-03-08.pdf')).toEqual({ saved: true, path: target })
    const [printer] = FakeBrowserWindow.instances as unknown as [FakeBrowserWindow & { options: { show: boolean; webPreferences: Record<string, unknown> } }]
    expect(printer.options.show).toBe(false)
    expect(printer.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, nodeIntegration: false })
    expect(decodeURIComponent(printer.loadedUrl!.replace('data:text/html;charset=utf-8,', ''))).toBe(HTML)
    expect(printer.webContents.printed).toEqual([{ pageSize: 'A4', printBackground: true }])
    expect(electron.dialogs.saveDialogs[0]?.defaultPath).toBe('/home/me/Documents/billops-report-2026-03-02-to-2026-03-08.pdf')
    expect(readFileSync(target, 'latin1').startsWith('%PDF-')).toBe(true)
    expect(printer.isDestroyed()).toBe(true)
  })

  it('writes nothing when the user cancels the save dialog', async () => {
    electron.dialogs.saveTo = null
    const print = createReportPdfPrinter({ parent: () => null, defaultDir: () => electron.userData })
    expect(await print(HTML, 'report.pdf')).toEqual({ saved: false, path: null })
    expect(existsSync(join(electron.userData, 'report.pdf'))).toBe(false)
    expect(FakeBrowserWindow.instances[0]!.isDestroyed()).toBe(true)
  })
})
