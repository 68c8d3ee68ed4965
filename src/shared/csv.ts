// CSV (RFC 4180) for files users open in spreadsheets: every export (signals, entries, reports)
// writes its cells through here, so formula injection is neutralised in one place.

/** One CSV cell, with spreadsheet formula injection neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/u.test(text)) text = `'${text}`
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export const csvRow = (values: readonly unknown[]): string => `${values.map(csvCell).join(',')}\r\n`
