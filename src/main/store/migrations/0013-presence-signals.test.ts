import { describe, expect, it } from 'vitest'
import { closeDatabase, migrate, openDatabase } from '../database'
import { listSignals } from '../../../../test/support/signalRows'
import { SignalType, SOURCE_TYPE_OF } from '../../../shared/domain'
import { SIGNAL_KINDS } from './0013-presence-signals'
import { migrations } from './index'

describe('migration 0013 presence signals', () => {
  it('keeps every stored signal with its type, title and unusual source, and then takes presence seconds', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 13) })
    const insert = db.prepare(
      "INSERT INTO signals (ts, kind, app, count, title, source_override) VALUES (?, (SELECT CASE ? WHEN 'app_focus' THEN 3 WHEN 'keyboard' THEN 4 WHEN 'mouse_scroll' THEN 7 WHEN 'idle_start' THEN 8 WHEN 'shutdown' THEN 11 END), ?, ?, ?, ?)",
    )
    insert.run(100, 'app_focus', 'word', 1, 'Brief.docx', null)
    insert.run(100, 'keyboard', 'word', 7, null, null)
    insert.run(101, 'mouse_scroll', 'word', 2, null, 'keyboard')
    insert.run(102, 'idle_start', 'system', 1, null, null)
    insert.run(103, 'shutdown', 'system', 1, null, null)
    const before = listSignals(db)
    migrate(
      db,
      migrations.filter((m) => m.version <= 13),
    )
    expect(listSignals(db)).toEqual(before)
    expect(before.map((s) => s.type)).toEqual(['app_focus', 'keyboard', 'mouse_scroll', 'idle_start', 'shutdown'])
    db.prepare("INSERT INTO signals (ts, kind, app, count) VALUES (102, 8, 'word', 1)").run()
    // In one second a presence reads before the idle start, like any input.
    expect(
      listSignals(db)
        .filter((s) => s.ts === 102)
        .map((s) => [s.type, s.source_type]),
    ).toEqual([
      ['presence', 'system'],
      ['idle_start', 'system'],
    ])
    expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'signals_focus'").get()).toEqual({
      sql: 'CREATE INDEX signals_focus ON signals (ts) WHERE kind = 3',
    })
    closeDatabase(db)
  })

  it('has a stored kind for every signal type, each with its usual source', () => {
    expect(SIGNAL_KINDS.map(([type]) => type).sort()).toEqual([...SignalType.options].sort())
    for (const [type, source] of SIGNAL_KINDS) expect(source).toBe(SOURCE_TYPE_OF[type])
  })
})
