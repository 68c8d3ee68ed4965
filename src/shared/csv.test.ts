// Issue #26 (8): no piece of a cell a spreadsheet could read as a formula, whether it splits the
// line on `,` or (decimal-comma locales) on `;`, and whether or not it honours the quotes.
import { describe, expect, it } from 'vitest'
import { csvCell, csvRow } from './csv'

/** Every piece a spreadsheet ignoring quotes would make of a written line, split on `sep`. */
const pieces = (line: string, sep: string) =>
  line
    .replace(/\r\n$/u, '')
    .split(sep)
    .map((p) => p.replace(/^"+/u, '').trimStart())

describe('CSV cells', () => {
  it('neutralises and quotes formulas hidden behind ; (the issue example)', () => {
    const cell = csvCell('ok;=1+1;@SUM(1)')
    expect(cell).toBe(`"ok;'=1+1;'@SUM(1)"`)
  })

  it('leaves no piece starting like a formula, split on , or ;, quoted or not', () => {
    const hostile = ['=HYPERLINK("http://x")', 'a,+1', 'b; -2', 'c;\t=3', '@x', 'ok', 'x;;=y', 'title, =cmd|calc']
    const line = csvRow([...hostile, 42, -7])
    for (const sep of [',', ';']) {
      for (const piece of pieces(line, sep)) expect(piece).not.toMatch(/^[=+@\t\r]|^-(?!7$)/u)
    }
  })

  it('keeps ordinary text and numbers as they are', () => {
    expect(csvCell('Smith v. Jones')).toBe('Smith v. Jones')
    expect(csvCell(-7)).toBe('-7')
    expect(csvCell('a "quote"')).toBe('"a ""quote"""')
    expect(csvCell(null)).toBe('')
  })
})
