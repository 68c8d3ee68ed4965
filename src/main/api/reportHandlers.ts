// Reports: the view's totals and drill-down, exports as files, and PDF through the shell's
// printer (Electron printToPDF); without one (CLI, browser tests) PDF is `unavailable`.
import type { Handlers } from './dispatcher'
import { AppError } from '../base/appError'
import type { LedesRequest, LedesResult } from '../report/ledesExport'
import type { ReportService } from '../report/reportService'

type ReportMethods = 'report.get' | 'report.entries' | 'report.export' | 'report.savePdf' | 'report.ledes'

/** Prints an HTML page to PDF and saves it where the user chooses (the Electron shell). */
export type ReportPdfPrinter = (html: string, suggestedName: string) => Promise<{ saved: boolean; path: string | null }>

/** File names keep to letters, digits, dot, dash and underscore whatever the client is called. */
const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/gu, '-').replace(/^-+|-+$/gu, '') || 'client'

export function createReportHandlers(deps: {
  reports: ReportService
  ledes(request: LedesRequest): LedesResult
  printPdf?: ReportPdfPrinter
}): Pick<Handlers, ReportMethods> {
  return {
    'report.get': (request) => deps.reports.report(request),
    'report.entries': ({ range, filter, order, limit }) => {
      const entries = deps.reports.entries(range, filter, order)
      return { entries: entries.slice(0, limit), total: entries.length }
    },
    'report.export': ({ format, ...request }) => deps.reports.file(request, format),
    'report.ledes': (request) => {
      const result = deps.ledes(request)
      if (!result.ok) return result
      const file_name = `ledes1998b-${safeName(request.client)}-${request.from}-${request.to}.txt`
      return {
        ok: true,
        file_name,
        mime_type: 'text/plain',
        text: result.text,
        lines: result.lines,
        total: result.total,
      }
    },
    'report.savePdf': async (request) => {
      if (!deps.printPdf)
        throw new AppError('unavailable', 'PDF needs the desktop app; export HTML and print it instead')
      const html = deps.reports.file(request, 'html')
      return deps.printPdf(html.text, html.file_name.replace(/\.html$/, '.pdf'))
    },
  }
}
