import type { Migration } from './index'

/**
 * Signal types as stored (`kind`), in the order they happen within one second: coming back
 * first, then focus, then input, leaving last. The primary key sorts by it, so reading a range
 * in key order is reading it in time order. The codes are part of the schema: append only.
 */
/** Frozen with this migration: runtime code uses store/signalKinds.ts. */
export const SIGNAL_KINDS = [
  ['unlock', 'system'],
  ['resume', 'system'],
  ['idle_end', 'system'],
  ['app_focus', 'window'],
  ['keyboard', 'keyboard'],
  ['mouse_click', 'mouse'],
  ['mouse_move', 'mouse'],
  ['mouse_scroll', 'mouse'],
  ['idle_start', 'system'],
  ['lock', 'system'],
  ['suspend', 'system'],
  ['shutdown', 'system'],
] as const

/** `kind` of app_focus signals */
export const FOCUS_KIND = SIGNAL_KINDS.findIndex(([type]) => type === 'app_focus')

const sqlValue = (value: string | number) => (typeof value === 'number' ? String(value) : `'${value}'`)

// Signals are most of the file and most of each flush, so they get the smallest shape that still
// answers every reader:
// - one B-tree keyed by (second, kind, app) instead of a rowid table plus a unique index that
//   repeated the same columns; the type is a small integer, its name a virtual column;
// - no per-row `processed` flag and index: the heuristics keep a cursor (`signal_cursor`);
// - source_type only where it differs from the type's usual source (imported signals), read
//   through a virtual column;
// - titles are written on app_focus rows only from now on (capture records one whenever the
//   window, its title or the title settings change); rows stored before keep theirs.
// Measured (BENCHMARKS.md): 1.25 MB per hour of active use before, 0.23 MB after; a flush of
// 100,000 signals 236 ms before, about 60 ms after.
export const migration0006CompactSignals: Migration = {
  version: 6,
  name: 'compact-signals',
  up(db) {
    const caseOf = (column: string, pairs: (readonly [string | number, string | number])[]) =>
      `CASE ${column} ${pairs.map(([when, then]) => `WHEN ${sqlValue(when)} THEN ${sqlValue(then)}`).join(' ')} END`
    const typeName = caseOf(
      'kind',
      SIGNAL_KINDS.map(([type], code) => [code, type]),
    )
    const usualSourceOfKind = caseOf(
      'kind',
      SIGNAL_KINDS.map(([, source], code) => [code, source]),
    )
    const kindOfType = caseOf(
      'type',
      SIGNAL_KINDS.map(([type], code) => [type, code]),
    )
    const usualSourceOfType = caseOf(
      'type',
      SIGNAL_KINDS.map(([type, source]) => [type, source]),
    )
    db.exec(`
      CREATE TABLE signals_compact (
        ts INTEGER NOT NULL,
        kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND ${SIGNAL_KINDS.length - 1}),
        app TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        title TEXT,
        source_override TEXT,
        type TEXT GENERATED ALWAYS AS (${typeName}) VIRTUAL,
        source_type TEXT GENERATED ALWAYS AS (coalesce(source_override, ${usualSourceOfKind})) VIRTUAL,
        PRIMARY KEY (ts, kind, app)
      ) STRICT, WITHOUT ROWID;
      -- Focus signals carry the titles input inherits; finding the one before a range must not
      -- scan the input in between. Partial: only focus rows (a few per hour) are in it.
      CREATE INDEX signals_focus ON signals_compact (ts) WHERE kind = ${FOCUS_KIND};

      INSERT INTO signals_compact (ts, kind, app, count, title, source_override)
        SELECT ts, ${kindOfType}, app, count, title,
               CASE WHEN source_type IS ${usualSourceOfType} THEN NULL ELSE source_type END
        FROM signals;

      -- done_ts: every signal at or before this second was folded by the heuristics and the result
      -- stored. claimed_ts: read by the round in progress (>= done_ts). A write at or before
      -- claimed_ts is late: the writer widens [late_from, late_to] and counts it in late_writes.
      CREATE TABLE signal_cursor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        done_ts INTEGER NOT NULL,
        claimed_ts INTEGER NOT NULL,
        late_from INTEGER,
        late_to INTEGER,
        late_writes INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      -- Signals dated in the future when the heuristics met them (a clock that jumped ahead):
      -- kept, never folded, even once their time has come.
      CREATE TABLE signals_skipped (
        ts INTEGER NOT NULL,
        app TEXT NOT NULL,
        type TEXT NOT NULL,
        PRIMARY KEY (ts, app, type)
      ) STRICT, WITHOUT ROWID;
    `)
    // Unprocessed rows are re-read from the first one on; the fold skips what entries cover.
    db.prepare(
      `INSERT INTO signal_cursor (id, done_ts, claimed_ts)
       SELECT 1, v, v FROM (SELECT coalesce((SELECT min(ts) - 1 FROM signals WHERE processed = 0), (SELECT max(ts) FROM signals), 0) AS v)`,
    ).run()
    db.exec(`
      DROP TABLE signals;
      ALTER TABLE signals_compact RENAME TO signals;
    `)
  },
}
