import type { Migration } from './index'

// Sync capability: the durable outbox (one item per approved local entry and per decision on a
// server-side entry) and the links from server entries imported from pending-review.
export const migration0004Sync: Migration = {
  version: 4,
  name: 'sync',
  up(db) {
    db.exec(`
      -- kind 'ingest': a local approved entry to create on the server (ingest → poll → PATCH).
      -- kind 'decision': approve/reject/edit of an entry that came from the server (one PATCH).
      -- sent = 1 once a mutating request may have reached the server: from then on the item can
      -- no longer be cancelled, and a lost ingest response is resolved by adopting (GET /).
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        entry_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('ingest', 'decision')),
        state TEXT NOT NULL CHECK (state IN ('queued', 'done', 'failed', 'conflicted', 'cancelled')),
        idempotency_key TEXT NOT NULL,
        sent INTEGER NOT NULL DEFAULT 0,
        task_id TEXT,
        task_recorded_at INTEGER,
        server_ids TEXT NOT NULL DEFAULT '[]',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- At most one live item per entry: a new decision replaces a queued, unsent one.
      CREATE UNIQUE INDEX outbox_one_live_per_entry ON outbox (entry_id)
        WHERE state IN ('queued', 'failed', 'conflicted');
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

      -- One syncing process per database (the app and the CLI may both try): the holder's pid
      -- and heartbeat let a successor take over at once when the holder died.
      CREATE TABLE sync_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        owner TEXT NOT NULL,
        pid INTEGER NOT NULL,
        heartbeat_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE server_entry_links (
        server_id TEXT PRIMARY KEY,
        entry_id TEXT NOT NULL
      ) STRICT;
    `)
  },
}
