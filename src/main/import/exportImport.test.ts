import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { LocalSignal } from '../../shared/domain'
import { insertEntries } from '../store/entries'
import { closeDatabase, openDatabase } from '../store/database'
import { upsertSignals } from '../store/signals'
import { csvCell } from '../../shared/csv'
import { runCliInProcess } from '../../../test/support/cliRun'

let dir: string
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const cli = (args: string[], stdin = '') => runCliInProcess(args, [stdin])

const body = {
  activity_signals: [
    { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
    { timestamp: '2024-01-24T09:00:00', app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
    { timestamp: '2024-01-24T09:15:00Z', app: 'vscode', type: 'mouse_click', source_type: 'mouse' },
    { timestamp: '2024-01-24T09:16:00Z', app: 'vscode', type: 'typing', source_type: 'keyboard' },
    { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
  ],
  idle_threshold_minutes: 5,
}

describe('import and export commands', () => {
  it('imports the usable signals of a seed ingest body, reports the skipped ones by index, exports them as JSON', async () => {
    dir = mkdtempSync(join(tmpdir(), 'export-'))
    const db = join(dir, 'db.sqlite')
    const input = join(dir, 'ingest.json')
    writeFileSync(input, JSON.stringify(body))
    const imported = await cli(['import', '--db', db, '--input', input])
    expect(imported.code).toBe(0) // something was imported; the rest is reported
    // `typing` is nobody's name: imported as input of its source and counted, not skipped.
    expect(JSON.parse(imported.stdout)).toMatchObject({
      imported: 4,
      skipped_total: 1,
      skipped: [{ index: 1 }],
      unknown_types: { typing: 1 },
    })
    expect(imported.stderr).toContain('skipped 1 signal(s), first #1: timestamp')

    const exported = await cli(['export', '--db', db, '--what', 'signals', '--format', 'json'])
    expect(exported.code).toBe(0)
    const signals = LocalSignal.array().parse(JSON.parse(exported.stdout))
    expect(signals).toEqual([
      {
        timestamp: '2024-01-24T09:00:00Z',
        app: 'vscode',
        type: 'keyboard',
        source_type: 'keyboard',
        count: 2,
        title: null,
      },
      {
        timestamp: '2024-01-24T09:15:00Z',
        app: 'vscode',
        type: 'mouse_click',
        source_type: 'mouse',
        count: 1,
        title: null,
      },
      {
        timestamp: '2024-01-24T09:16:00Z',
        app: 'vscode',
        type: 'keyboard',
        source_type: 'keyboard',
        count: 1,
        title: null,
      },
    ])
  })

  it('reads the ingest body from stdin and refuses input that is not one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'export-'))
    const db = join(dir, 'db.sqlite')
    expect(
      (
        await cli(
          ['import', '--db', db, '--input', '-'],
          JSON.stringify({ activity_signals: body.activity_signals.slice(0, 1) }),
        )
      ).code,
    ).toBe(0)
    const notJson = await cli(['import', '--db', db, '--input', '-'], '{"activity_signals": [')
    expect(notJson.code).toBe(1)
    expect(notJson.stderr).toMatch(/^error: input is not JSON/u)
    const wrongShape = await cli(['import', '--db', db, '--input', '-'], '{"signals": []}')
    expect(wrongShape.stderr).toContain('expected {"activity_signals": [...]}')
    expect(wrongShape.code).toBe(1)
  })

  it('exports signals with titles and entries as CSV that spreadsheets cannot turn into formulas', async () => {
    dir = mkdtempSync(join(tmpdir(), 'export-'))
    const path = join(dir, 'db.sqlite')
    const db = openDatabase(path)
    upsertSignals(db, [
      {
        ts: Date.parse('2024-01-24T09:00:00Z') / 1000,
        app: 'chrome',
        type: 'keyboard',
        source_type: 'keyboard',
        count: 3,
        title: '=HYPERLINK("x"), "quoted"',
      },
    ])
    insertEntries(db, [
      {
        id: 'e1',
        started_at: '2024-01-24T09:00:00Z',
        ended_at: '2024-01-24T09:45:00Z',
        duration_minutes: 45,
        status: 'pending',
        source: 'auto',
        activity_type: 'focused_work',
        project_id: null,
        client_id: null,
        notes: 'line one\nline two',
        context_data: { confidence: 0.45, applications: ['vscode', 'chrome'], primary_activity: 'mixed', reasons: [] },
        sync_state: 'local',
        user_touched: false,
        server_ids: [],
        sync_error: null,
        created_at: '2024-01-24T10:00:00Z',
        updated_at: '2024-01-24T10:00:00Z',
      },
    ])
    closeDatabase(db)
    const signals = await cli(['export', '--db', path, '--what', 'signals', '--format', 'csv'])
    expect(signals.stdout).toBe(
      'timestamp,app,type,source_type,count,title\r\n2024-01-24T09:00:00Z,chrome,keyboard,keyboard,3,"\'=HYPERLINK(""x""), ""quoted"""\r\n',
    )
    const entries = await cli(['export', '--db', path, '--what', 'entries', '--format', 'csv'])
    const [header, row] = entries.stdout.split('\r\n')
    expect(header).toBe(
      'id,started_at,ended_at,duration_minutes,status,source,activity_type,project_id,client_id,notes,confidence,applications,primary_activity,sync_state',
    )
    expect(row).toBe(
      'e1,2024-01-24T09:00:00Z,2024-01-24T09:45:00Z,45,pending,auto,focused_work,,,"line one\nline two",0.45,"vscode;chrome",mixed,local',
    )
    const json = await cli(['export', '--db', path, '--what', 'entries', '--format', 'json'])
    expect(JSON.parse(json.stdout)).toMatchObject([{ id: 'e1', context_data: { confidence: 0.45 } }])
    expect((await cli(['export', '--db', path, '--what', 'everything'])).code).toBe(2)
  })

  it('quotes CSV cells only when needed', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell(null)).toBe('')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('-1+2')).toBe("'-1+2")
    expect(csvCell(-3)).toBe('-3')
  })
})
