import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { SIGNAL_SPECS } from '../../../shared/signalRegistry'
import { closeDatabase, openDatabase, schemaVersion, type WritableDB } from '../database'
import { readSignalCursor } from '../cursor'
import { seedFieldsBetween, signalsForPresence, iterateSignals, pruneSignals, withInheritedTitles } from '../signals'
import { HeuristicsStore } from '../suggest'
import { storedKinds } from '../signalKinds'
import { SIGNAL_KINDS as KINDS_0013 } from './0013-presence-signals'
import { SIGNAL_KINDS_0015, signalsBefore0015 } from './0015-signal-kinds'
import { migrations } from './index'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const T = 1_717_405_200 // 2024-06-03T09:00:00Z
const OLD_KIND = new Map<string, number>(KINDS_0013.map(([type], code) => [type, code]))

/** A file written by the 0014 schema: every type of the 0013 kind list, as capture and imports left them. */
function databaseOf0014(): { path: string; db: WritableDB } {
  dir = mkdtempSync(join(tmpdir(), 'kinds-0015-'))
  const path = join(dir, 'db.sqlite')
  const db = openDatabase(path, { migrations: migrations.filter((m) => m.version <= 14) })
  const insert = db.prepare(
    'INSERT INTO signals (ts, kind, app, count, title, source_override) VALUES (?, ?, ?, ?, ?, ?)',
  )
  const row = (
    ts: number,
    type: string,
    app: string,
    count = 1,
    title: string | null = null,
    source: string | null = null,
  ) => {
    const kind = OLD_KIND.get(type)
    if (kind === undefined) throw new Error(`no 0013 kind for ${type}`)
    insert.run(ts, kind, app, count, title, source)
  }
  // One second with everything that can happen in it, to check the order within a second survives.
  row(T, 'unlock', 'system')
  row(T, 'resume', 'system')
  row(T, 'idle_end', 'system')
  row(T, 'app_focus', 'word', 1, 'Brief — Smith v Jones.docx')
  row(T, 'keyboard', 'word', 42)
  row(T, 'mouse_click', 'word', 3)
  row(T, 'mouse_move', 'word', 517)
  row(T, 'mouse_scroll', 'word', 9)
  row(T, 'presence', 'unknown', 1)
  row(T, 'idle_start', 'system')
  row(T, 'lock', 'system')
  row(T, 'suspend', 'system')
  row(T, 'shutdown', 'system')
  // Later seconds: a title stored on input before titles moved to focus rows, unusual sources
  // from imports, a Wayland presence stretch, another app in the same second.
  row(T + 60, 'app_focus', 'chrome', 1, 'Westlaw — “negligence” 🔍')
  row(T + 60, 'keyboard', 'chrome', 7, 'Westlaw (old row with its own title)')
  row(T + 60, 'keyboard', 'word', 2)
  row(T + 61, 'mouse_scroll', 'chrome', 4, null, 'keyboard')
  row(T + 62, 'app_focus', 'slack', 1, null, 'mouse')
  for (let s = 0; s < 5; s++) row(T + 120 + s, 'presence', 'unknown')
  row(T + 130, 'idle_start', 'system')
  row(T + 400, 'idle_end', 'system')
  db.prepare("INSERT INTO signals_skipped (ts, app, type) VALUES (?, 'word', 'keyboard')").run(T + 9_000)
  db.prepare('UPDATE signal_cursor SET done_ts = ?, claimed_ts = ?').run(T + 61, T + 61)
  return { path, db }
}

describe('migration 0015 signal kinds', () => {
  it('keeps every signal of a 0014 database, byte-equal through the store readers, in the same order', () => {
    const { path, db: old } = databaseOf0014()
    const before = signalsBefore0015(old)
    expect(new Set(before.map((r) => r.type))).toEqual(new Set(KINDS_0013.map(([type]) => type)))
    closeDatabase(old)

    const db = openDatabase(path)
    expect(schemaVersion(db)).toBe(15)
    const after = [...iterateSignals(db)]
    expect(JSON.stringify(after)).toBe(JSON.stringify(before))
    const all = [T - 1, T + 10_000] as const
    expect(JSON.stringify(seedFieldsBetween(db, ...all))).toBe(
      JSON.stringify(before.map(({ ts, app, type, source_type }) => ({ ts, app, type, source_type }))),
    )
    expect(JSON.stringify([...signalsForPresence(db, ...all)])).toBe(
      JSON.stringify(before.map(({ ts, app, type, count }) => ({ ts, app, type, count }))),
    )
    // The heuristics read kinds raw and name them from signal_kinds: same rows, titles inherited.
    const expected = withInheritedTitles(
      db,
      before.map(({ ts, app, type, count, title }) => ({ ts, app, type, count, title })),
    )
    expect(
      JSON.stringify(
        new HeuristicsStore(db, () => (T + 1_000) * 1000).readSignalsBetween(all[0] * 1000, all[1] * 1000),
      ),
    ).toBe(JSON.stringify(expected))
    expect(readSignalCursor(db)).toMatchObject({ doneTs: T + 61, claimedTs: T + 61 })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
    closeDatabase(db)
  })

  it('names kinds in signal_kinds (the registry codes), checks kinds by foreign key, and keeps the focus index', () => {
    const { path, db: old } = databaseOf0014()
    closeDatabase(old)
    const db = openDatabase(path)
    expect(storedKinds(db).map(({ code, type, usual_source }) => [code, type, usual_source])).toEqual(
      SIGNAL_KINDS_0015.map((kind) => [...kind]),
    )
    expect(storedKinds(db)).toHaveLength(SIGNAL_SPECS.length)
    expect(() => db.prepare("INSERT INTO signals (ts, kind, app) VALUES (1, 5, 'word')").run()).toThrow(/FOREIGN KEY/)
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'signals_focus'").get()).toEqual({
      sql: 'CREATE INDEX signals_focus ON signals (ts) WHERE kind = 40',
    })
    // No generated columns and no CHECK left on signals: a new kind is a row of signal_kinds.
    const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'signals'").get() as { sql: string }).sql
    expect(sql).not.toMatch(/CHECK|GENERATED/)
    closeDatabase(db)
  })

  it('reads in key order without sorting, and prunes skipped signals by their type name', () => {
    const { path, db: old } = databaseOf0014()
    closeDatabase(old)
    const db = openDatabase(path)
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ')
    for (const sql of [
      'SELECT ts, app, type FROM signals JOIN signal_kinds ON signal_kinds.code = signals.kind WHERE ts >= 1 AND ts < 2 ORDER BY ts, kind, app',
      'SELECT ts, app, type FROM signals JOIN signal_kinds ON signal_kinds.code = signals.kind ORDER BY ts, kind, app',
    ]) {
      expect(plan(sql)).not.toMatch(/TEMP B-TREE/)
    }
    // The skipped row's signal is gone, so pruning past it drops the skipped note as well.
    db.prepare('INSERT INTO signals (ts, kind, app) VALUES (?, 50, ?)').run(T + 9_000, 'word')
    const stored = [...iterateSignals(db)].length
    expect(pruneSignals(db, T + 9_001)).toBe(stored)
    expect(db.prepare('SELECT count(*) AS n FROM signals_skipped').get()).toEqual({ n: 0 })
    closeDatabase(db)
  })

  it('opens a new database at version 15 with every registry kind', () => {
    const db = openDatabase(':memory:')
    expect(schemaVersion(db)).toBe(15)
    expect(
      storedKinds(db)
        .map((k) => k.type)
        .sort(),
    ).toEqual(SIGNAL_SPECS.map((s) => s.type).sort())
    closeDatabase(db)
  })
})
