import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listEntries } from '../../store/entries'
import { closeDatabase, openDatabase } from '../../store/database'
import { upsertSignals, type SignalRecord } from '../../store/signals'
import { runCli } from '../runCli'
import { recordingIo } from '../../../../test/support/cliRun'

const capture = () => recordingIo()

describe('cli process', () => {
  it('stores pending entries for the signals not yet processed, once', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'billops-process-')), 'db.sqlite')
    const db = openDatabase(file)
    const t0 = Date.parse('2024-01-24T09:00:00Z') / 1000
    const signals: SignalRecord[] = [{ ts: t0, app: 'word', type: 'app_focus', count: 1, title: 'Brief.docx' }]
    for (let t = 0; t <= 1800; t += 10) signals.push({ ts: t0 + t, app: 'word', type: 'keyboard', count: 1, title: null })
    for (let t = 3600; t <= 5400; t += 10) signals.push({ ts: t0 + t, app: 'outlook', type: 'mouse_click', count: 1, title: null })
    upsertSignals(db, signals)
    closeDatabase(db)

    const first = capture()
    expect(await runCli(['process', '--db', file], first.io)).toBe(0)
    expect(JSON.parse(first.out())).toMatchObject({ processed_signals: 363, pending_entries: 2 })

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
