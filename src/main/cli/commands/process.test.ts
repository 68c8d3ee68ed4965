import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { listEntries } from '../../entries/entryRepository'
import { closeDatabase, openDatabase } from '../../store/database'
import type { CliIo } from '../command'
import { runCli } from '../runCli'

function capture() {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdin: () => Readable.from([]),
    env: {},
    interrupted: new Promise(() => {}),
  }
  return { io, out: () => out.join(''), err: () => err.join('') }
}

describe('cli process', () => {
  it('stores pending entries for the unprocessed signals, once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'billops-process-')), 'db.sqlite')
    const db = openDatabase(file)
    const t0 = Date.parse('2024-01-24T09:00:00Z') / 1000
    const insert = db.prepare('INSERT INTO signals (ts, app, type, source_type, count, title) VALUES (?, ?, ?, ?, 1, ?)')
    for (let t = 0; t <= 1800; t += 10) insert.run(t0 + t, 'word', 'keyboard', 'keyboard', 'Brief.docx')
    for (let t = 3600; t <= 5400; t += 10) insert.run(t0 + t, 'outlook', 'mouse_click', 'mouse', null)
    closeDatabase(db)

    const first = capture()
    expect(await runCli(['process', '--db', file], first.io)).toBe(0)
    expect(JSON.parse(first.out())).toMatchObject({ processed_signals: 362, pending_entries: 2 })

    const second = capture()
    expect(await runCli(['process', '--db', file], second.io)).toBe(0)
    expect(JSON.parse(second.out())).toMatchObject({ processed_signals: 0, pending_entries: 2 })

    const check = openDatabase(file)
    expect(listEntries(check).map((e) => [e.started_at, e.ended_at, e.activity_type, e.status])).toEqual([
      ['2024-01-24T09:00:00Z', '2024-01-24T09:30:00Z', 'writing', 'pending'],
      ['2024-01-24T10:00:00Z', '2024-01-24T10:30:00Z', 'communication', 'pending'],
    ])
    closeDatabase(check)
  })

  it('requires --db', async () => {
    expect(await runCli(['process'], capture().io)).toBe(2)
  })
})
