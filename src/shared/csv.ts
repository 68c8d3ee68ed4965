// CSV (RFC 4180) for files users open in spreadsheets: every export (signals, entries, reports)
// writes its cells through here, so formula injection is neutralised in one place.
//
// A spreadsheet may split a line on `,` or, in locales with a decimal comma, on `;`; some ignore
// the quotes. So every piece of a string cell between those separators that could start a
// formula (`=`, `+`, `-`, `@`, tab or CR, after any spaces) gets a `'` in front, and a cell with
// a separator in it is always quoted.

const FORMULA_START = /(^|[,;])([ ]*)([=+\-@\t\r])/gu

/** One CSV cell, with spreadsheet formula injection neutralised. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value === 'string') text = text.replace(FORMULA_START, "$1$2'$3")
  return /[",;\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export const csvRow = (values: readonly unknown[]): string => `${values.map(csvCell).join(',')}\r\n`
