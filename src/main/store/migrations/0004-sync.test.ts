import { describe, expect, it } from 'vitest'
import { openDatabase, schemaVersion } from '../database'
import { migration0001Init } from './0001-init'
import { migration0004Sync } from './0004-sync'

describe('migration 0004 (sync outbox)', () => {
  it('adds the outbox and allows only one live item per entry', () => {
    const db = openDatabase(':memory:', { migrations: [migration0001Init, migration0004Sync] })
    expect(schemaVersion(db)).toBe(4)
    const insert = db.prepare(
      "INSERT INTO outbox (entry_id, kind, state, idempotency_key, created_at, updated_at) VALUES (?, 'ingest', ?, ?, 'now', 'now')",
    )
    insert.run('e1', 'queued', 'k1')
    expect(() => insert.run('e1', 'queued', 'k2')).toThrow(/UNIQUE/)
    // finished items do not count: a new decision can follow a cancelled one
    db.prepare("UPDATE outbox SET state = 'cancelled' WHERE idempotency_key = 'k1'").run()
    insert.run('e1', 'queued', 'k3')
    expect(() => insert.run('e2', 'sent', 'k4')).toThrow(/CHECK/)
    db.close()
  })
})
