import { describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../database'

describe('migration 0008 calendar', () => {
  it('adds calendar sources (one per kind and location), their events (removed with the source) and joined meetings', () => {
    const db = openDatabase(':memory:')
    const addSource = db.prepare(
      "INSERT INTO calendar_sources (id, kind, location, created_at) VALUES (?, 'url', 'https://c.example/me.ics', '2026-06-01T00:00:00Z')",
    )
    addSource.run('s1')
    expect(() => addSource.run('s2')).toThrow(/UNIQUE/)
    expect(() =>
      db
        .prepare("INSERT INTO calendar_sources (id, kind, location, created_at) VALUES ('s3', 'ftp', 'x', 'now')")
        .run(),
    ).toThrow(/CHECK/)
    expect(db.prepare("SELECT fetch_state, my_emails FROM calendar_sources WHERE id = 's1'").get()).toEqual({
      fetch_state: 'never',
      my_emails: '[]',
    })
    db.prepare(
      "INSERT INTO calendar_events (source_id, event_key, start_ms, end_ms, data) VALUES ('s1', 'e#1', 1, 2, '{}')",
    ).run()
    db.prepare("INSERT INTO calendar_joined (event_key, joined_at) VALUES ('e#1', '2026-06-01T00:00:00Z')").run()
    db.prepare("DELETE FROM calendar_sources WHERE id = 's1'").run()
    expect(db.prepare('SELECT count(*) AS n FROM calendar_events').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT count(*) AS n FROM calendar_joined').get()).toEqual({ n: 1 })
    closeDatabase(db)
  })
})
