import type { Migration } from './index'

// Matters (#30): the firm's matter list, each tied to the project and client it became, and the
// UTBMS codes of entries (kept beside the entries table so its one column list is untouched).
// 0011–0013 are other features' numbers.
export const migration0014Matters: Migration = {
  version: 14,
  name: 'matters',
  up(db) {
    db.exec(`
      CREATE TABLE matters (
        matter_key TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        name TEXT NOT NULL,
        client_id TEXT REFERENCES clients (id) ON DELETE SET NULL,
        project_id TEXT REFERENCES projects (id) ON DELETE SET NULL,
        client_matter_id TEXT,
        client_code TEXT,
        aliases TEXT NOT NULL DEFAULT '[]',
        parties TEXT NOT NULL DEFAULT '[]',
        domains TEXT NOT NULL DEFAULT '[]',
        utbms_required INTEGER NOT NULL DEFAULT 0 CHECK (utbms_required IN (0, 1)),
        rate REAL CHECK (rate IS NULL OR rate >= 0),
        imported_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX matters_project ON matters (project_id) WHERE project_id IS NOT NULL;

      CREATE TABLE entry_codes (
        entry_id TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        task_code TEXT CHECK (task_code IS NULL OR task_code GLOB 'L[1-5][0-9]0'),
        activity_code TEXT CHECK (activity_code IS NULL OR activity_code GLOB 'A1[01][0-9]'),
        source TEXT NOT NULL CHECK (source IN ('suggested', 'user'))
      ) STRICT;
    `)
  },
}
