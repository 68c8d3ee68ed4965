import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../database'
import { migration0012CalendarSkipped } from './0012-calendar-skipped'
import { migrations } from './index'

describe('migration 0012 calendar skipped', () => {
  it('gives calendars added before it an empty record of what was skipped', () => {
    const db = new BetterSqlite3(':memory:')
    for (const migration of migrations.filter((m) => m.version < 12)) migration.up(db)
    db.prepare(
      "INSERT INTO calendar_sources (id, kind, location, created_at) VALUES ('s1', 'file', 'work.ics', '2026-06-01T00:00:00Z')",
    ).run()
    migration0012CalendarSkipped.up(db)
    expect(db.prepare("SELECT skipped FROM calendar_sources WHERE id = 's1'").get()).toEqual({ skipped: '{}' })
    db.close()
  })

  it('is part of a new database', () => {
    const db = openDatabase(':memory:')
    db.prepare(
      "INSERT INTO calendar_sources (id, kind, location, created_at, skipped) VALUES ('s1', 'file', 'a.ics', 'now', '{\"zone unknown\":2}')",
    ).run()
    expect(db.prepare('SELECT skipped FROM calendar_sources').get()).toEqual({ skipped: '{"zone unknown":2}' })
    closeDatabase(db)
  })
})
