import type { Migration } from './index'

// Review capability: local projects/clients for the quick pick, the undo journal of review
// actions, and the user's decisions about absences (so an away prompt is asked once).
export const migration0005Review: Migration = {
  version: 5,
  name: 'review',
  up(db) {
    db.exec(`
      CREATE TABLE clients (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL
      ) STRICT;

      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        client_id TEXT REFERENCES clients (id) ON DELETE SET NULL
      ) STRICT;

      -- One row per undoable review action. before_rows holds the full entry rows as they were
      -- (JSON array), created_ids the entries the action created; undo restores the former and
      -- deletes the latter. decided_ids lists entries approved/rejected (undone via reopen).
      CREATE TABLE review_undo (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        label TEXT NOT NULL,
        before_rows TEXT NOT NULL DEFAULT '[]',
        created_ids TEXT NOT NULL DEFAULT '[]',
        decided_ids TEXT NOT NULL DEFAULT '[]',
        away_key TEXT,
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE away_decisions (
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('discard', 'keep', 'assign')),
        decided_at TEXT NOT NULL,
        PRIMARY KEY (started_at, ended_at)
      ) STRICT;
    `)
  },
}
