import { describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../database'

describe('migration 0005 review', () => {
  it('adds projects/clients (a deleted client leaves its projects without one), the undo journal and away decisions', () => {
    const db = openDatabase(':memory:')
    db.prepare("INSERT INTO clients (id, name) VALUES ('acme', 'Acme')").run()
    db.prepare("INSERT INTO projects (id, name, client_id) VALUES ('audit', 'Audit', 'acme')").run()
    db.prepare("DELETE FROM clients WHERE id = 'acme'").run()
    expect(db.prepare("SELECT client_id FROM projects WHERE id = 'audit'").get()).toEqual({ client_id: null })
    expect(() =>
      db
        .prepare(
          "INSERT INTO away_decisions (started_at, ended_at, decision, decided_at) VALUES ('a', 'b', 'ignore', 'c')",
        )
        .run(),
    ).toThrow(/CHECK/)
    db.prepare("INSERT INTO review_undo (label, created_at) VALUES ('Approved 1 entry', '2026-03-02T09:00:00Z')").run()
    expect(db.prepare('SELECT label, before_rows, created_ids, decided_ids FROM review_undo').get()).toEqual({
      label: 'Approved 1 entry',
      before_rows: '[]',
      created_ids: '[]',
      decided_ids: '[]',
    })
    closeDatabase(db)
  })
})
