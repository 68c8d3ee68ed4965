import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type WritableDB } from './database'
import { claimSignalsThrough, clearLateWrites, readSignalCursor } from './cursor'
import {
  pruneSignals,
  rowToLocalSignal,
  TITLE_LOOKBACK_SECONDS,
  upsertSignals,
  withInheritedTitles,
  type SignalRecord,
} from './signals'
import { listSignals } from '../../../test/support/signalRows'

let db: WritableDB
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

const signal = (ts: number, count = 1, title: string | null = null): SignalRecord => ({
  ts,
  app: 'vscode',
  type: 'keyboard',
  source_type: 'keyboard',
  count,
  title,
})

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

  it('notes writes at or before what the heuristics already read as late, with their span', () => {
    open()
    upsertSignals(db, [signal(5), signal(9)])
    expect(readSignalCursor(db).late).toBeNull()
    claimSignalsThrough(db, 9)
    upsertSignals(db, [signal(10)])
    expect(readSignalCursor(db).late).toBeNull()
    upsertSignals(db, [signal(5, 2), signal(7), signal(11)])
    expect(readSignalCursor(db).late).toEqual({ fromTs: 5, toTs: 7, writes: 2 })
    upsertSignals(db, [signal(2)])
    expect(readSignalCursor(db).late).toEqual({ fromTs: 2, toTs: 7, writes: 3 })
    // Only the writes the reader saw are cleared.
    clearLateWrites(db, 2)
    expect(readSignalCursor(db).late).toEqual({ fromTs: 2, toTs: 7, writes: 3 })
    clearLateWrites(db, 3)
    expect(readSignalCursor(db).late).toBeNull()
  })

  it('stores source_type only where it differs from the type (an import), and reads it back either way', () => {
    open()
    upsertSignals(db, [
      signal(1),
      { ...signal(2), type: 'app_focus', source_type: 'mouse' },
      { ...signal(3), type: 'lock', source_type: undefined },
    ])
    expect(db.prepare('SELECT ts, source_override FROM signals ORDER BY ts').all()).toEqual([
      { ts: 1, source_override: null },
      { ts: 2, source_override: 'mouse' },
      { ts: 3, source_override: null },
    ])
    expect(listSignals(db).map((r) => r.source_type)).toEqual(['keyboard', 'mouse', 'system'])
  })

  it('reads each second in the order things happen: coming back first, leaving last', () => {
    open()
    const at = (type: SignalRecord['type'], app = 'system'): SignalRecord => ({
      ts: 50,
      app,
      type,
      count: 1,
      title: null,
    })
    upsertSignals(db, [
      at('lock'),
      at('keyboard', 'zoom'),
      at('unlock'),
      at('app_focus', 'zoom'),
      at('keyboard', 'alpha'),
      { ...signal(49), app: 'zoom' },
    ])
    expect(listSignals(db).map((r) => `${r.ts} ${r.app} ${r.type}`)).toEqual([
      '49 zoom keyboard',
      '50 system unlock',
      '50 zoom app_focus',
      '50 alpha keyboard',
      '50 zoom keyboard',
      '50 system lock',
    ])
  })

  it('gives input the title of the latest focus signal of its app, and none after a focus without one', () => {
    open()
    const focus = (ts: number, app: string, title: string | null): SignalRecord => ({
      ts,
      app,
      type: 'app_focus',
      count: 1,
      title,
    })
    const key = (ts: number, app: string): SignalRecord => ({ ts, app, type: 'keyboard', count: 1, title: null })
    upsertSignals(db, [
      focus(100, 'word', 'Brief.docx'),
      key(101, 'word'),
      focus(102, 'slack', 'DM'),
      key(103, 'slack'),
      key(104, 'word'),
      focus(105, 'word', null),
      key(106, 'word'),
    ])
    const titled = (from: number) =>
      withInheritedTitles(db, listSignals(db, { fromTs: from })).map((r) => `${r.ts} ${r.title}`)
    expect(titled(0)).toEqual([
      '100 Brief.docx',
      '101 Brief.docx',
      '102 DM',
      '103 DM',
      '104 Brief.docx',
      '105 null',
      '106 null',
    ])
    // Reading from the middle finds the focus signal before the range.
    expect(titled(101)).toEqual(['101 Brief.docx', '102 DM', '103 DM', '104 Brief.docx', '105 null', '106 null'])
    // …but not one older than the lookback capture guarantees a repeat within.
    upsertSignals(db, [key(101 + TITLE_LOOKBACK_SECONDS, 'word')])
    expect(titled(101 + TITLE_LOOKBACK_SECONDS)).toEqual([`${101 + TITLE_LOOKBACK_SECONDS} null`])
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
    expect(rowToLocalSignal(listSignals(db)[0]!)).toEqual({
      timestamp: '2024-01-24T09:00:00Z',
      app: 'vscode',
      type: 'keyboard',
      source_type: 'keyboard',
      count: 3,
      title: 'x',
    })
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
        .run(
          id,
          new Date(from * 1000).toISOString(),
          new Date(to * 1000).toISOString(),
          status,
          '2024-01-24T09:00:00Z',
          '2024-01-24T09:00:00Z',
        )
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
