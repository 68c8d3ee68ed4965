import { describe, expect, it } from 'vitest'
import { openDatabase, schemaVersion } from '../database'
import { migration0001Init } from './0001-init'
import { migration0003Heuristics } from './0003-heuristics'

describe('migration 0003 (heuristics tail)', () => {
  it('adds the tentative-tail table, one row per entry', () => {
    const db = openDatabase(':memory:', { migrations: [migration0001Init, migration0003Heuristics] })
    expect(schemaVersion(db)).toBe(3)
    const insert = db.prepare('INSERT INTO heuristics_tail (entry_id, start_ms) VALUES (?, ?)')
    insert.run('e1', 1706086800000)
    expect(() => insert.run('e1', 1706086900000)).toThrow(/UNIQUE|PRIMARY/)
    expect(() => insert.run('e2', 'soon')).toThrow(/INTEGER|datatype/i)
    db.close()
  })
})
