import { describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { closeDatabase, migrate, openDatabase, schemaVersion } from '../database'
import { migrations } from './index'

describe('migration 0014 matters', () => {
  it('upgrades a database written by the previous schema, keeping its entries and projects', () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    const previous = migrations.filter((m) => m.version < 14)
    migrate(db, previous)
    expect(schemaVersion(db)).toBe(previous.at(-1)?.version)
    db.prepare("INSERT INTO clients (id, name) VALUES ('acme', 'Acme Corp')").run()
    db.prepare("INSERT INTO projects (id, name, client_id) VALUES ('falcon', 'Project Falcon', 'acme')").run()
    db.prepare(
      "INSERT INTO entries (id, started_at, ended_at, duration_minutes, status, source, activity_type, project_id, client_id, context_data, created_at, updated_at) VALUES ('e1', '2026-06-01T09:00:00Z', '2026-06-01T10:00:00Z', 60, 'approved', 'auto', 'writing', 'falcon', 'acme', '{}', 'now', 'now')",
    ).run()
    migrate(
      db,
      migrations.filter((m) => m.version <= 14),
    )
    expect(schemaVersion(db)).toBe(14)
    expect(db.prepare('SELECT id, project_id FROM entries').all()).toEqual([{ id: 'e1', project_id: 'falcon' }])
    db.prepare(
      "INSERT INTO matters (matter_key, number, name, client_id, project_id, imported_at) VALUES ('2024-0117', '2024-0117', 'Smith v Jones', 'acme', 'falcon', 'now')",
    ).run()
    // one matter per project
    expect(() =>
      db
        .prepare(
          "INSERT INTO matters (matter_key, number, name, project_id, imported_at) VALUES ('x', 'x', 'x', 'falcon', 'now')",
        )
        .run(),
    ).toThrow(/UNIQUE/)
    db.prepare(
      "INSERT INTO entry_codes (entry_id, task_code, activity_code, source) VALUES ('e1', 'L120', 'A104', 'user')",
    ).run()
    expect(() =>
      db.prepare("INSERT INTO entry_codes (entry_id, task_code, source) VALUES ('e1', 'X999', 'user')").run(),
    ).toThrow(/CHECK|UNIQUE/)
    expect(() => db.prepare("UPDATE entry_codes SET activity_code = 'B110' WHERE entry_id = 'e1'").run()).toThrow(
      /CHECK/,
    )
    db.prepare("DELETE FROM entries WHERE id = 'e1'").run()
    expect(db.prepare('SELECT count(*) AS n FROM entry_codes').get()).toEqual({ n: 0 })
    db.close()
  })

  it('opens fresh at version 14', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version <= 14) })
    expect(schemaVersion(db)).toBe(14)
    closeDatabase(db)
  })
})
