// Reports → PDF in the app: the standalone HTML report (no script, charts as inline SVG) is laid
// out in a hidden window with JavaScript off and its own session, printed with Chromium's
// printToPDF, and written where the user chooses.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { BrowserWindow, dialog, type SaveDialogOptions } from 'electron'
import type { ReportPdfPrinter } from '../api/reportHandlers'

export function createReportPdfPrinter(deps: { parent: () => BrowserWindow | null; defaultDir: () => string }): ReportPdfPrinter {
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
    try {
      await printer.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`)
      const pdf = await printer.webContents.printToPDF({ pageSize: 'A4', printBackground: true })
      const options: SaveDialogOptions = {
        title: 'Save report as PDF',
        defaultPath: join(deps.defaultDir(), suggestedName),
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      }
      const parent = deps.parent()
      const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options)
      if (choice.canceled || !choice.filePath) return { saved: false, path: null }
      await writeFile(choice.filePath, pdf)
      return { saved: true, path: choice.filePath }
    } finally {
      printer.destroy()
    }
  }
}
