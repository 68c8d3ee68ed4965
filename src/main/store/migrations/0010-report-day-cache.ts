import type { Migration } from './index'

// Reports (#15) are summed from day shares kept per (local day, time zone): a year of 50,000
// entries is then 365 small rows, not 50,000 entries read and cut at midnight on every view.
// The shares are derived data that must never drift from what they are derived from, so SQLite
// itself drops a day's rows in the same transaction as any change that could alter them: an
// entry's times, status, source, activity, project, client or app, and its sync receipts (outbox
// items, server links). Any zone's local day of an instant lies within a day of its UTC date, so
// dropping UTC date −1 … +1 of the entry's span covers every zone. Missing days are recomputed
// from the entries when a report needs them (main/report/dayCache.ts).
//
// A migration that rebuilds `entries`, `outbox` or `server_entry_links` drops these triggers with
// the table: it must create them again (report/dayCache.test.ts fails otherwise) and clear the
// cache. Never INSERT OR REPLACE into those tables: the row it replaces fires no delete trigger
// (recursive_triggers is off), so the old row's days would stay; use an upsert.
const dropDays = (row: 'NEW' | 'OLD') =>
  `DELETE FROM report_day_cache WHERE day BETWEEN date(${row}.started_at, '-1 day') AND date(${row}.ended_at, '+1 day');`
const dropEntryDays = (row: 'NEW' | 'OLD') =>
  `DELETE FROM report_day_cache WHERE day BETWEEN (SELECT date(started_at, '-1 day') FROM entries WHERE id = ${row}.entry_id)
     AND (SELECT date(ended_at, '+1 day') FROM entries WHERE id = ${row}.entry_id);`

export const REPORT_CACHE_TRIGGERS = [
  'report_cache_entry_insert',
  'report_cache_entry_update',
  'report_cache_entry_delete',
  'report_cache_outbox_insert',
  'report_cache_outbox_update',
  'report_cache_outbox_delete',
  'report_cache_link_insert',
  'report_cache_link_update',
  'report_cache_link_delete',
] as const

export const migration0010ReportDayCache: Migration = {
  version: 10,
  name: 'report-day-cache',
  up(db) {
    db.exec(`
      CREATE TABLE report_day_cache (
        day TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        -- the share format and the time zone rules (Intl's tz version) the row was computed with
        version TEXT NOT NULL,
        shares TEXT NOT NULL,
        PRIMARY KEY (day, time_zone)
      ) STRICT, WITHOUT ROWID;
      -- the zones a report was asked for lately: only a few are kept
      CREATE TABLE report_cache_zones (
        time_zone TEXT PRIMARY KEY,
        used_at INTEGER NOT NULL
      ) STRICT;

      CREATE TRIGGER report_cache_entry_insert AFTER INSERT ON entries BEGIN ${dropDays('NEW')} END;
      CREATE TRIGGER report_cache_entry_update
        AFTER UPDATE OF started_at, ended_at, status, source, activity_type, project_id, client_id, context_data ON entries
        BEGIN ${dropDays('OLD')} ${dropDays('NEW')} END;
      CREATE TRIGGER report_cache_entry_delete AFTER DELETE ON entries BEGIN ${dropDays('OLD')} END;

      CREATE TRIGGER report_cache_outbox_insert AFTER INSERT ON outbox BEGIN ${dropEntryDays('NEW')} END;
      CREATE TRIGGER report_cache_outbox_update AFTER UPDATE OF entry_id, kind, state, server_ids, last_error ON outbox
        BEGIN ${dropEntryDays('OLD')} ${dropEntryDays('NEW')} END;
      CREATE TRIGGER report_cache_outbox_delete AFTER DELETE ON outbox BEGIN ${dropEntryDays('OLD')} END;

      CREATE TRIGGER report_cache_link_insert AFTER INSERT ON server_entry_links BEGIN ${dropEntryDays('NEW')} END;
      CREATE TRIGGER report_cache_link_update AFTER UPDATE ON server_entry_links BEGIN ${dropEntryDays('OLD')} ${dropEntryDays('NEW')} END;
      CREATE TRIGGER report_cache_link_delete AFTER DELETE ON server_entry_links BEGIN ${dropEntryDays('OLD')} END;
    `)
  },
}
