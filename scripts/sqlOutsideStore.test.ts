// #24: SQL is spoken only in src/main/store. Lint stops the calls (prepare, pragma, transaction)
// and the imports; this test stops the other way in: SQL written as a string anywhere else in the
// shipped sources (src/, tests excepted: they may set up a database by hand).
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// A statement's opening words, as SQL is written (upper case): a keyword alone ("SELECT" in the
// renderer's tag-name check) is not a statement.
const SQL_STATEMENT =
  /\b(SELECT\s+[\w*(]|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)\b|DROP\s+(TABLE|INDEX)\b|ALTER\s+TABLE\b|PRAGMA\s+\w+\s*[=(]|VACUUM\s+INTO\b|BEGIN\s+(IMMEDIATE|TRANSACTION)\b)/u
// String literals and template texts (escapes kept; good enough to find SQL, not to parse TS).
const STRING_LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/gu

export function sqlStrings(source: string): string[] {
  return [...source.matchAll(STRING_LITERAL)].map((match) => match[0]).filter((literal) => SQL_STATEMENT.test(literal))
}

const shippedSources = () =>
  execFileSync('git', ['ls-files', 'src'], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(ts|tsx)$/u.test(file) && !/\.test\.tsx?$/u.test(file) && !file.startsWith('src/main/store/'))

describe('SQL outside src/main/store', () => {
  it('finds none in the shipped sources', () => {
    const found = shippedSources().flatMap((file) =>
      sqlStrings(readFileSync(file, 'utf8')).map((sql) => `${file}: ${sql.slice(0, 80)}`),
    )
    expect(found).toEqual([])
  })

  it('would find a statement written in a feature, in any quoting', () => {
    expect(
      sqlStrings("const rows = db.prepare('SELECT id FROM entries WHERE status = ?').all('pending')"),
    ).toHaveLength(1)
    expect(sqlStrings('run(`UPDATE entries SET status = ${s} WHERE id = ?`)')).toHaveLength(1)
    expect(sqlStrings('exec("DELETE FROM entries")')).toHaveLength(1)
    expect(sqlStrings("target.tagName === 'SELECT' || note('select a project')")).toEqual([])
  })
})
