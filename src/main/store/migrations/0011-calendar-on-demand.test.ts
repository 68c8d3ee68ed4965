import { describe, expect, it } from 'vitest'
import { closeDatabase, migrate, openDatabase } from '../database'
import { migrations } from './index'

describe('migration 0011 calendar on demand', () => {
  it('keeps the sources and events a version 10 database holds, numbers stored texts, and adds the expanded weeks (removed with their source)', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version <= 10) })
    const add = db.prepare(
      "INSERT INTO calendar_sources (id, kind, location, ics_text, fetch_state, created_at) VALUES (?, ?, ?, ?, ?, '2026-06-01T00:00:00Z')",
    )
    add.run('file', 'file', '/home/me/cal.ics', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 'ok')
    add.run('never', 'url', 'https://c.example/me.ics', null, 'never')
    db.prepare(
      "INSERT INTO calendar_events (source_id, event_key, start_ms, end_ms, data) VALUES ('file', 'e#1', 1, 2, '{}')",
    ).run()
    migrate(db, migrations)
    expect(db.prepare('PRAGMA user_version').pluck().get()).toBe(migrations.at(-1)!.version)
    expect(
      db
        .prepare('SELECT id, content_version, summary_events, expansion_cut_short FROM calendar_sources ORDER BY id')
        .all(),
    ).toEqual([
      { id: 'file', content_version: 1, summary_events: null, expansion_cut_short: 0 },
      { id: 'never', content_version: 0, summary_events: null, expansion_cut_short: 0 },
    ])
    expect(db.prepare('SELECT event_key FROM calendar_events').pluck().all()).toEqual(['e#1'])
    db.prepare("INSERT INTO calendar_expanded (source_id, week, complete) VALUES ('file', 2900, 1)").run()
    expect(() =>
      db.prepare("INSERT INTO calendar_expanded (source_id, week, complete) VALUES ('file', 2901, 2)").run(),
    ).toThrow(/CHECK/)
    db.prepare("DELETE FROM calendar_sources WHERE id = 'file'").run()
    expect(db.prepare('SELECT count(*) FROM calendar_expanded').pluck().get()).toBe(0)
    closeDatabase(db)
  })
})
