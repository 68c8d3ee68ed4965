import type { Migration } from './index'

// How far each CLI import got (#18): an import stopped by Ctrl-C resumes where it stopped when the
// same input is imported again, and a finished one is not written twice (counts would double).
export const migration0009ImportRuns: Migration = {
  version: 9,
  name: 'import-runs',
  up(db) {
    db.exec(`
      CREATE TABLE import_runs (
        fingerprint TEXT PRIMARY KEY,
        total INTEGER NOT NULL CHECK (total >= 0),
        done INTEGER NOT NULL CHECK (done >= 0 AND done <= total),
        updated_at TEXT NOT NULL
      ) STRICT
    `)
  },
}
