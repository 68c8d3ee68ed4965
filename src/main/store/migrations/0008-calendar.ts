import type { Migration } from './index'

// Calendar sources (#16): an .ics file or an https subscription with its fetch state, the
// events expanded from it for the range the heuristics need, and which meetings the
// heuristics have already joined (so a rejected calendar draft never comes back).
// Event data stays on this machine like window titles: nothing here is ever synced.
export const migration0008Calendar: Migration = {
  version: 8,
  name: 'calendar',
  up(db) {
    db.exec(`
      CREATE TABLE calendar_sources (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('file', 'url')),
        location TEXT NOT NULL,
        my_emails TEXT NOT NULL DEFAULT '[]',
        ics_text TEXT,
        etag TEXT,
        last_modified TEXT,
        fetch_state TEXT NOT NULL DEFAULT 'never' CHECK (fetch_state IN ('never', 'ok', 'not_modified', 'failed')),
        last_error TEXT,
        last_attempt_at TEXT,
        last_success_at TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (kind, location)
      ) STRICT;

      CREATE TABLE calendar_events (
        source_id TEXT NOT NULL REFERENCES calendar_sources (id) ON DELETE CASCADE,
        event_key TEXT NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (source_id, event_key)
      ) STRICT;
      CREATE INDEX calendar_events_by_end ON calendar_events (end_ms);

      CREATE TABLE calendar_joined (
        event_key TEXT PRIMARY KEY,
        joined_at TEXT NOT NULL
      ) STRICT;
    `)
  },
}
