// Progress of CLI imports by input fingerprint (migration 0009): where an interrupted import
// resumes, and which inputs were imported in full already.
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'

export interface ImportRun {
  total: number
  done: number
}

export function readImportRun(db: ReadableDB, fingerprint: string): ImportRun | null {
  return (
    prepared<[string], ImportRun>(db, 'SELECT total, done FROM import_runs WHERE fingerprint = ?').get(fingerprint) ??
    null
  )
}

/** Call in the transaction that wrote the signals up to `done`. */
export function saveImportRun(db: WritableDB, fingerprint: string, run: ImportRun, updatedAt: string): void {
  prepared<[string, number, number, string]>(
    db,
    'INSERT INTO import_runs (fingerprint, total, done, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET total = excluded.total, done = excluded.done, updated_at = excluded.updated_at',
  ).run(fingerprint, run.total, run.done, updatedAt)
}
