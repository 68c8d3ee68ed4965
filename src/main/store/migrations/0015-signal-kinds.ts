import type { Database } from 'better-sqlite3'
import type { Migration } from './index'
import { SIGNAL_KINDS as KINDS_0013 } from './0013-presence-signals'

/**
 * The kinds this migration registers, frozen here (runtime code takes them from the registry,
 * src/shared/signalRegistry.ts; signalRegistry.test.ts checks they agree). The codes of 0013,
 * spaced by ten and in the same order, so a new type can take a code between two others.
 */
export const SIGNAL_KINDS_0015 = [
  [10, 'unlock', 'system'],
  [20, 'resume', 'system'],
  [30, 'idle_end', 'system'],
  [40, 'app_focus', 'window'],
  [50, 'keyboard', 'keyboard'],
  [60, 'mouse_click', 'mouse'],
  [70, 'mouse_move', 'mouse'],
  [80, 'mouse_scroll', 'mouse'],
  [90, 'presence', 'system'],
  [100, 'idle_start', 'system'],
  [110, 'lock', 'system'],
  [120, 'suspend', 'system'],
  [130, 'shutdown', 'system'],
] as const

const FOCUS_KIND = 40

// Why: up to 0014 the kind list lived in the signals table itself — `CHECK (kind BETWEEN 0 AND
// 12)` and two generated CASE columns (type, source_type) — so a new signal type (Wayland
// presence, 0013) meant rebuilding the largest table of the file. From here on the names live in
// a small `signal_kinds` table and `signals.kind` references it: the foreign key keeps the
// check's guarantee (no row of a kind nobody named), and the store fills the table from the
// registry whenever a database opens (store/signalKinds.ts registerSignalKinds), so a new type is
// a new row there, never a new migration. A lookup table rather than no check at all: a build that
// does not know a type (an older one, on a file a newer one wrote) still reads its name from the
// file. Codes spaced by ten rather than appended: the primary key (ts, kind, app) is also the
// order of things within one second (coming back, focus, input, leaving), and a new input type
// must be able to sort before idle_start without renumbering stored rows. This is the last
// rebuild of `signals` for its kinds: the rows are copied once, in key order (the new codes
// keep the old order), with the same columns, titles and source overrides.
export const migration0015SignalKinds: Migration = {
  version: 15,
  name: 'signal-kinds',
  up(db) {
    const newCode = new Map<string, number>(SIGNAL_KINDS_0015.map(([code, type]) => [type, code]))
    const codeOfOldKind = `CASE kind ${KINDS_0013.map(([type], old) => `WHEN ${old} THEN ${newCode.get(type)}`).join(' ')} END`
    db.exec(`
      CREATE TABLE signal_kinds (
        code INTEGER PRIMARY KEY,
        type TEXT NOT NULL UNIQUE,
        usual_source TEXT NOT NULL
      ) STRICT;
      INSERT INTO signal_kinds (code, type, usual_source) VALUES
        ${SIGNAL_KINDS_0015.map(([code, type, source]) => `(${code}, '${type}', '${source}')`).join(',\n        ')};

      CREATE TABLE signals_v15 (
        ts INTEGER NOT NULL,
        kind INTEGER NOT NULL REFERENCES signal_kinds (code),
        app TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        title TEXT,
        source_override TEXT,
        PRIMARY KEY (ts, kind, app)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO signals_v15 (ts, kind, app, count, title, source_override)
        SELECT ts, ${codeOfOldKind}, app, count, title, source_override FROM signals ORDER BY ts, kind, app;
      DROP TABLE signals;
      ALTER TABLE signals_v15 RENAME TO signals;
      CREATE INDEX signals_focus ON signals (ts) WHERE kind = ${FOCUS_KIND};
    `)
  },
}

/** A signal of the 0006–0014 table as its own generated columns named it. */
export interface SignalRowBefore0015 {
  ts: number
  app: string
  type: string
  source_type: string
  count: number
  title: string | null
}

/**
 * Signals of a database still at schema 6–14, in time order, read the way that schema did (the
 * store's readers read the current schema): migration tests compare what they read before and after.
 */
export function signalsBefore0015(db: Database): SignalRowBefore0015[] {
  return db
    .prepare<[], SignalRowBefore0015>(
      'SELECT ts, app, type, source_type, count, title FROM signals ORDER BY ts, kind, app',
    )
    .all()
}
