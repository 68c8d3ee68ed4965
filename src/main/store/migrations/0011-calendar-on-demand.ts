import type { Migration } from './index'

// Calendars serve any date (#23): occurrences are expanded on demand, per source and per week
// (`calendar_expanded` lists the weeks whose events are in `calendar_events`), instead of for a
// window around the clock. `content_version` counts the texts a source has held: a new text
// drops the source's expanded weeks and events in the same transaction (the cache is never
// stale), an unchanged one (a 304, the same file again) keeps them. The summary columns say what
// the file holds whatever the range (`calendar add` of a past calendar), and
// `expansion_cut_short` counts the ranges that ran out of their time budget.
// Events already expanded by 0008's window stay: they were read from the current text.
export const migration0011CalendarOnDemand: Migration = {
  version: 11,
  name: 'calendar-on-demand',
  up(db) {
    db.exec(`
      ALTER TABLE calendar_sources ADD COLUMN content_version INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE calendar_sources ADD COLUMN summary_events INTEGER;
      ALTER TABLE calendar_sources ADD COLUMN summary_first_ms INTEGER;
      ALTER TABLE calendar_sources ADD COLUMN summary_last_ms INTEGER;
      ALTER TABLE calendar_sources ADD COLUMN summary_open_ended INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE calendar_sources ADD COLUMN expansion_cut_short INTEGER NOT NULL DEFAULT 0;
      UPDATE calendar_sources SET content_version = 1 WHERE ics_text IS NOT NULL;

      CREATE TABLE calendar_expanded (
        source_id TEXT NOT NULL REFERENCES calendar_sources (id) ON DELETE CASCADE,
        week INTEGER NOT NULL,
        complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
        PRIMARY KEY (source_id, week)
      ) STRICT;
      CREATE INDEX calendar_events_by_source_start ON calendar_events (source_id, start_ms);
    `)
  },
}
