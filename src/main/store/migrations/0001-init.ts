import type { Migration } from './index'

// Signals and entries are the two tables every capability shares; capability-specific tables
// (outbox, projects, rules…) come in later migrations.
export const migration0001Init: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- At most one row per (second, app, type): capture coalesces raw events before writing.
      -- ts is epoch seconds (UTC) so range scans are integer comparisons.
      CREATE TABLE signals (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        app TEXT NOT NULL,
        type TEXT NOT NULL,
        source_type TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        title TEXT,
        processed INTEGER NOT NULL DEFAULT 0,
        UNIQUE (ts, app, type)
      ) STRICT;
      CREATE INDEX signals_unprocessed ON signals (processed, ts);

      CREATE TABLE entries (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        duration_minutes REAL NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        source TEXT NOT NULL,
        activity_type TEXT NOT NULL,
        project_id TEXT,
        client_id TEXT,
        notes TEXT,
        context_data TEXT NOT NULL,
        sync_state TEXT NOT NULL DEFAULT 'local',
        user_touched INTEGER NOT NULL DEFAULT 0,
        server_ids TEXT NOT NULL DEFAULT '[]',
        sync_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX entries_status_start ON entries (status, started_at);
      CREATE INDEX entries_start ON entries (started_at);
    `)
  },
}
