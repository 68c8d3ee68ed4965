import type { Migration } from './index'

/**
 * Signal kinds from this migration on (frozen here; runtime code uses store/signalKinds.ts): the
 * 0006 list with `presence` — a second in which the compositor saw the user active, where no
 * keystroke count exists (Wayland) — placed with the input kinds, so that in one second it sorts
 * before `idle_start` and after `app_focus` like any other input.
 */
export const SIGNAL_KINDS = [
  ['unlock', 'system'],
  ['resume', 'system'],
  ['idle_end', 'system'],
  ['app_focus', 'window'],
  ['keyboard', 'keyboard'],
  ['mouse_click', 'mouse'],
  ['mouse_move', 'mouse'],
  ['mouse_scroll', 'mouse'],
  ['presence', 'system'],
  ['idle_start', 'system'],
  ['lock', 'system'],
  ['suspend', 'system'],
  ['shutdown', 'system'],
] as const

const FOCUS_KIND = SIGNAL_KINDS.findIndex(([type]) => type === 'app_focus')
const sqlValue = (value: string | number) => (typeof value === 'number' ? String(value) : `'${value}'`)

// The kind list lives in the table's CHECK and in its virtual columns, so a new kind means a new
// table: same shape as 0006, rows copied with their kind looked up again by type name (the codes
// after mouse_scroll move up by one).
export const migration0013PresenceSignals: Migration = {
  version: 13,
  name: 'presence-signals',
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
    db.exec(`
      CREATE TABLE signals_v13 (
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
      INSERT INTO signals_v13 (ts, kind, app, count, title, source_override)
        SELECT ts, ${kindOfType}, app, count, title, source_override FROM signals;
      DROP TABLE signals;
      ALTER TABLE signals_v13 RENAME TO signals;
      CREATE INDEX signals_focus ON signals (ts) WHERE kind = ${FOCUS_KIND};
    `)
  },
}
