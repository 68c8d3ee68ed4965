import type { Migration } from './index'

// Heuristics: the tentative tail. Entries listed here were built from a fold that is still
// open (new signals may extend or replace them); everything else the heuristics wrote is final
// and is only ever rewritten by rule re-application, and only while pending and untouched.
export const migration0003Heuristics: Migration = {
  version: 3,
  name: 'heuristics',
  up(db) {
    db.exec(`
      CREATE TABLE heuristics_tail (
        entry_id TEXT PRIMARY KEY,
        start_ms INTEGER NOT NULL
      ) STRICT;
    `)
  },
}
