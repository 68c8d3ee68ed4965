// Statements prepared once per database and reused (Signal Desktop's habit): preparing is the
// dominant cost of small writes, and the sync engine writes several times per item.
import type { Statement } from 'better-sqlite3'
import type { ReadableDB } from './database'

const caches = new WeakMap<ReadableDB, Map<string, Statement>>()

function cached(db: ReadableDB, key: string, prepare: () => Statement): Statement {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  let statement = cache.get(key)
  if (!statement) {
    statement = prepare()
    cache.set(key, statement)
  }
  return statement
}

export function prepared<P extends unknown[] | object = unknown[], R = unknown>(
  db: ReadableDB,
  sql: string,
): Statement<P, R> {
  return cached(db, sql, () => db.prepare(sql)) as unknown as Statement<P, R>
}

/** The same, returning each row as an array of its columns (no object per row: for big reads). */
export function preparedRaw<P extends unknown[] | object = unknown[], R extends unknown[] = unknown[]>(
  db: ReadableDB,
  sql: string,
): Statement<P, R> {
  // Its own key: raw mode is a property of the statement, and `prepared` hands the same one out.
  return cached(db, `raw\u0000${sql}`, () => db.prepare(sql).raw(true)) as unknown as Statement<P, R>
}
