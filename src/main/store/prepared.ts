// Statements prepared once per database and reused (Signal Desktop's habit): preparing is the
// dominant cost of small writes, and the sync engine writes several times per item.
import type { Statement } from 'better-sqlite3'
import type { Database } from './database'

const caches = new WeakMap<Database, Map<string, Statement>>()

export function prepared<P extends unknown[] | object = unknown[], R = unknown>(db: Database, sql: string): Statement<P, R> {
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  let statement = cache.get(sql)
  if (!statement) {
    statement = db.prepare(sql)
    cache.set(sql, statement)
  }
  return statement as unknown as Statement<P, R>
}
