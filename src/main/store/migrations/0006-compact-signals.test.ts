import { describe, expect, it } from 'vitest'
import { closeDatabase, migrate, openDatabase } from '../database'
import { readSignalCursor } from '../cursor'
import { listSignals } from '../../../../test/support/signalRows'
import { migrations } from './index'

describe('migration 0006 compact signals', () => {
  it('keeps every stored signal, its title and an unusual source, and starts the cursor before the first unprocessed one', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 6) })
    const insert = db.prepare(
      'INSERT INTO signals (ts, app, type, source_type, count, title, processed) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    insert.run(100, 'word', 'app_focus', 'window', 1, 'Brief.docx', 1)
    insert.run(100, 'word', 'keyboard', 'keyboard', 7, 'Brief.docx', 1)
    insert.run(160, 'word', 'mouse_click', 'keyboard', 2, null, 0)
    insert.run(220, 'system', 'lock', 'system', 1, null, 1)
    migrate(
      db,
      migrations.filter((m) => m.version <= 6),
    )
    expect(listSignals(db)).toEqual([
      { ts: 100, app: 'word', type: 'app_focus', source_type: 'window', count: 1, title: 'Brief.docx' },
      { ts: 100, app: 'word', type: 'keyboard', source_type: 'keyboard', count: 7, title: 'Brief.docx' },
      { ts: 160, app: 'word', type: 'mouse_click', source_type: 'keyboard', count: 2, title: null },
      { ts: 220, app: 'system', type: 'lock', source_type: 'system', count: 1, title: null },
    ])
    expect(db.prepare('SELECT count(*) AS n FROM signals WHERE source_override IS NOT NULL').get()).toEqual({ n: 1 })
    expect(readSignalCursor(db)).toEqual({ doneTs: 159, claimedTs: 159, late: null })
    // The primary key, and a partial index of focus signals only: nothing per input row.
    expect(
      db.prepare("SELECT name, sql FROM sqlite_schema WHERE tbl_name = 'signals' AND type = 'index'").all(),
    ).toEqual([{ name: 'signals_focus', sql: 'CREATE INDEX signals_focus ON "signals" (ts) WHERE kind = 3' }])
    closeDatabase(db)
  })

  it('starts the cursor after the last signal when everything was processed, and at 0 on an empty store', () => {
    const processed = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 6) })
    processed
      .prepare(
        "INSERT INTO signals (ts, app, type, source_type, count, processed) VALUES (500, 'a', 'keyboard', 'keyboard', 1, 1)",
      )
      .run()
    migrate(processed, migrations)
    expect(readSignalCursor(processed).doneTs).toBe(500)
    closeDatabase(processed)
    const empty = openDatabase(':memory:')
    expect(readSignalCursor(empty)).toEqual({ doneTs: 0, claimedTs: 0, late: null })
    closeDatabase(empty)
  })
})
