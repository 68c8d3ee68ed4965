// Reports → PDF against the mocked electron module: the HTML report is printed in a hidden window
// without JavaScript, saved where the user chose, and nothing is written when the user cancels.
import { existsSync, readFileSync, statSync } from 'node:fs'
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
    const [printer] = FakeBrowserWindow.instances as unknown as [
      FakeBrowserWindow & { options: { show: boolean; webPreferences: Record<string, unknown> } },
    ]
    expect(printer.options.show).toBe(false)
    expect(printer.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, nodeIntegration: false })
    expect(printer.loadedFile).toMatchObject({ text: HTML, mode: 0o600 })
    expect(printer.webContents.printed).toEqual([{ pageSize: 'A4', printBackground: true }])
    expect(electron.dialogs.saveDialogs[0]?.defaultPath).toBe(
      '/home/me/Documents/billops-report-2026-03-02-to-2026-03-08.pdf',
    )
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

  // Issue #26 (9): a data: URL over Chromium's 2 MB cap never loads; a quarter with 120 active
  // clients made a 2.7 MB one. The report is loaded from a private temporary file instead.
  it('prints a report over 3 MB from a private temporary file, removed afterwards; the PDF is private too', async () => {
    const rows = Array.from(
      { length: 60_000 },
      (_, i) => `<tr><td>Client ${i} &amp; Partners LLP</td><td>${i % 97}.5 h</td></tr>`,
    ).join('')
    const big = `<!doctype html><h1>Time report 2026 Q1</h1><table>${rows}</table>`
    expect(big.length).toBeGreaterThan(3 * 1024 * 1024)
    const target = join(electron.userData, 'q1.pdf')
    electron.dialogs.saveTo = target
    const print = createReportPdfPrinter({ parent: () => null, defaultDir: () => electron.userData })
    expect(await print(big, 'q1.pdf')).toEqual({ saved: true, path: target })
    const printer = FakeBrowserWindow.instances[0] as unknown as {
      loadedFile: { path: string; text: string; mode: number } | null
    }
    expect(printer.loadedFile?.text).toBe(big)
    expect(printer.loadedFile?.mode).toBe(0o600)
    expect(existsSync(printer.loadedFile!.path)).toBe(false)
    expect(statSync(target).mode & 0o777).toBe(0o600)
  })
})
