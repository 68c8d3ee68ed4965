// Reports → PDF in the app: the standalone HTML report (no script, charts as inline SVG) is laid
// out in a hidden window with JavaScript off and its own session, printed with Chromium's
// printToPDF, and written where the user chooses.
//
// The page is loaded from a temporary file (0600 in a 0700 folder of its own, removed after), not
// a data: URL: Chromium caps URLs at 2 MB, and a quarter with many clients makes a bigger report.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PRIVATE_FILE_MODE } from '../base/privateFiles'
import { BrowserWindow, dialog, type SaveDialogOptions } from 'electron'
import type { ReportPdfPrinter } from '../api/reportHandlers'

export function createReportPdfPrinter(deps: {
  parent: () => BrowserWindow | null
  defaultDir: () => string
}): ReportPdfPrinter {
  return async (html, suggestedName) => {
    const printer = new BrowserWindow({
      show: false,
      // No preload and JavaScript off: the page is our own static HTML, printed and thrown away.
      webPreferences: {
        javascript: false,
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        disableBlinkFeatures: 'Auxclick',
        partition: 'report-print',
      },
    })
    // mkdtemp makes the folder 0700: the report (client names, hours) is readable by its owner only.
    const pageDir = await mkdtemp(join(tmpdir(), 'billops-report-'))
    try {
      const page = join(pageDir, 'report.html')
      await writeFile(page, html, { mode: PRIVATE_FILE_MODE })
      await printer.loadFile(page)
      const pdf = await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true })
      const options: SaveDialogOptions = {
        title: 'Save report as PDF',
        defaultPath: join(deps.defaultDir(), suggestedName),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      }
      const parent = deps.parent()
      const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
      if (choice.canceled || !choice.filePath) return { saved: false, path: null }
      await writeFile(choice.filePath, pdf, { mode: PRIVATE_FILE_MODE })
      return { saved: true, path: choice.filePath }
    } finally {
      printer.destroy()
      await rm(pageDir, { recursive: true, force: true })
    }
  }
}
