import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Database } from './database'
import { listSignals, pruneSignals, rowToLocalSignal, upsertSignals, type SignalRecord } from './signalRepository'

let db: Database
let dir: string
afterEach(() => {
  closeDatabase(db)
  rmSync(dir, { recursive: true, force: true })
})
const open = () => {
  dir = mkdtempSync(join(tmpdir(), 'signals-'))
  db = openDatabase(join(dir, 'db.sqlite'))
  return db
}

const signal = (ts: number, count = 1, title: string | null = null): SignalRecord => ({ ts, app: 'vscode', type: 'keyboard', source_type: 'keyboard', count, title })

describe('signal repository', () => {
  it('writes large batches in one go and adds up repeated (second, app, type) keys, also within a batch', () => {
    open()
    const many = Array.from({ length: 1234 }, (_, i) => signal(1_000 + i))
    upsertSignals(db, [...many, signal(1_000, 4, 'later title')])
    const rows = listSignals(db)
    expect(rows).toHaveLength(1234)
    expect(rows[0]).toMatchObject({ ts: 1_000, count: 5, title: 'later title' })
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(1238)
  })

  it('marks a row for the heuristics again when a later flush adds to it', () => {
    open()
    upsertSignals(db, [signal(5)])
    db.prepare('UPDATE signals SET processed = 1').run()
    upsertSignals(db, [signal(5, 2)])
    expect(listSignals(db)).toMatchObject([{ count: 3, processed: 0 }])
  })

  it('writes nothing when one signal of a batch is invalid', () => {
    open()
    upsertSignals(db, [signal(1)])
    const broken = { ...signal(2), app: null } as unknown as SignalRecord
    expect(() => upsertSignals(db, [signal(3), broken])).toThrow()
    expect(listSignals(db).map((r) => r.ts)).toEqual([1])
  })

  it('reads rows back in the domain shape with ISO timestamps', () => {
    open()
    upsertSignals(db, [signal(Date.parse('2024-01-24T09:00:00Z') / 1000, 3, 'x')])
    expect(rowToLocalSignal(listSignals(db)[0]!)).toEqual({ timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'keyboard', source_type: 'keyboard', count: 3, title: 'x' })
  })

  it('prunes old signals but keeps those inside entries that are not approved', () => {
    open()
    const t = Date.parse('2024-01-24T09:00:00Z') / 1000
    upsertSignals(db, [signal(t - 10), signal(t), signal(t + 10), signal(t + 1_000)])
    const entry = (id: string, status: string, from: number, to: number) =>
      db
        .prepare(
          `INSERT INTO entries (id, started_at, ended_at, duration_minutes, status, source, activity_type, context_data, created_at, updated_at)
           VALUES (?, ?, ?, 1, ?, 'auto', 'other', '{}', ?, ?)`,
        )
        .run(id, new Date(from * 1000).toISOString(), new Date(to * 1000).toISOString(), status, '2024-01-24T09:00:00Z', '2024-01-24T09:00:00Z')
    entry('approved', 'approved', t - 20, t - 5)
    entry('pending', 'pending', t - 1, t + 1)
    entry('rejected', 'rejected', t + 5, t + 15)
    expect(pruneSignals(db, t + 2_000)).toBe(2)
    expect(listSignals(db).map((r) => r.ts - t)).toEqual([0, 10])
  })

  it('keeps a signal on the exact first or last second of a pending entry, with or without milliseconds', () => {
    open()
    const t = Date.parse('2024-01-24T09:00:00Z') / 1000
    upsertSignals(db, [signal(t), signal(t + 60), signal(t + 61)])
    db.prepare(
      `INSERT INTO entries (id, started_at, ended_at, duration_minutes, status, source, activity_type, context_data, created_at, updated_at)
       VALUES ('p', '2024-01-24T09:00:00Z', '2024-01-24T09:01:00.000Z', 1, 'pending', 'auto', 'other', '{}', '2024-01-24T09:00:00Z', '2024-01-24T09:00:00Z')`,
    ).run()
    expect(pruneSignals(db, t + 3_600)).toBe(1)
    expect(listSignals(db).map((r) => r.ts - t)).toEqual([0, 60])
  })
})
