// Reading CSV (RFC 4180) as spreadsheets and practice-management systems write it: quoted cells
// with doubled quotes, commas/line breaks inside quotes, CRLF or LF, a UTF-8 BOM, a trailing
// newline. (Writing is csv.ts; this is the other direction.)

export interface CsvTable {
  rows: string[][]
  /** the text ended inside a quoted cell: the last row may be cut short */
  unterminatedQuote: boolean
}

/** Rows of cells; a semicolon- or tab-separated export is read when its header has no comma. */
export function readCsv(text: string): CsvTable {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const firstLine = source.slice(0, source.search(/\r?\n|$/u))
  const separator = firstLine.includes(',')
    ? ','
    : firstLine.includes(';')
      ? ';'
      : firstLine.includes('\t')
        ? '\t'
        : ','
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  let i = 0
  const endRow = () => {
    row.push(cell)
    cell = ''
    // a blank line is no row
    if (row.length > 1 || row[0] !== '') rows.push(row)
    row = []
  }
  while (i < source.length) {
    const ch = source[i] as string
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
      } else {
        cell += ch
      }
      i++
      continue
    }
    if (ch === '"' && cell === '') quoted = true
    else if (ch === separator) {
      row.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      endRow()
      if (ch === '\r' && source[i + 1] === '\n') i++
    } else cell += ch
    i++
  }
  if (cell !== '' || row.length > 0) endRow()
  return { rows, unterminatedQuote: quoted }
}
