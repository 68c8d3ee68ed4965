import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSettings, type Settings } from '../../shared/domain'
import { decodeSignals } from '../../shared/heuristics/decodeSignals'
import { closeDatabase, openDatabase, type WritableDB } from '../store/database'
import { listSignals } from '../../../test/support/signalRows'
import {
  importIngestBody,
  importSignalTable,
  importText,
  ImportInputError,
  MAX_SKIPPED_LISTED,
  parseTimestamp,
} from './importSignals'

let db: WritableDB
beforeEach(() => {
  db = openDatabase(':memory:')
})
afterEach(() => closeDatabase(db))

const NOW = Date.parse('2024-01-25T00:00:00Z')
const options = (patch: Partial<Settings> = {}, strict = false) => ({
  settings: { ...defaultSettings(), ...patch },
  nowMs: NOW,
  strict,
})
const at = (iso: string) => Date.parse(iso) / 1000
const signal = (
  timestamp: string,
  app: string,
  type: string,
  source_type?: string,
  extra: Record<string, unknown> = {},
) => ({
  timestamp,
  app,
  type,
  ...(source_type === undefined ? {} : { source_type }),
  ...extra,
})

describe('import of a seed ingest body', () => {
  it('keeps every usable signal, maps aliases and unknown names, skips only unusable ones', () => {
    const body = {
      activity_signals: [
        signal('2024-01-24T09:00:00Z', 'vscode', 'keyboard', 'keyboard'),
        signal('2024-01-24T09:00:10Z', 'vscode', 'scroll', 'mouse'), // alias
        signal('2024-01-24T09:00:20Z', 'vscode', 'pen_stroke', 'tablet'), // unknown type and source
        signal('2024-01-24T09:00:30Z', 'vscode', 'gesture', 'mouse'), // unknown type of a known source
        'not a signal',
        { app: 'vscode', type: 'keyboard' },
        signal('yesterday', 'vscode', 'keyboard'),
        signal('2024-01-24T09:01:00Z', '', 'keyboard'),
        { timestamp: '2024-01-24T09:01:00Z', type: 'keyboard' },
        signal('2030-01-01T00:00:00Z', 'vscode', 'keyboard'), // far future
        signal('2024-01-24T09:02:00.123456+01:00', 'Visual Studio Code', 'app_switch', 'app', { title: 'a.ts' }),
        signal('2024-01-24T09:03:00Z', 'vscode', 'pen_stroke'),
        null,
      ],
    }
    const report = importIngestBody(db, body, options())
    expect(report).toMatchObject({
      format: 'seed',
      imported: 6,
      skipped_total: 7,
      unknown_types: { pen_stroke: 2, gesture: 1 },
      aliased_types: { scroll: 1, app_switch: 1 },
      first_at: '2024-01-24T08:02:00Z',
      last_at: '2024-01-24T09:03:00Z',
      rejected: false,
    })
    expect(report.skipped).toEqual([
      { index: 4, reason: 'not an object' },
      { index: 5, reason: 'timestamp: missing' },
      { index: 6, reason: 'timestamp: not an ISO-8601 time: "yesterday"' },
      { index: 7, reason: 'app: missing' },
      { index: 8, reason: 'app: missing' },
      { index: 9, reason: 'timestamp: in the future (2030-01-01T00:00:00Z)' },
      { index: 12, reason: 'not an object' },
    ])
    expect(
      listSignals(db).map((s) => [s.ts - at('2024-01-24T09:00:00Z'), s.app, s.type, s.source_type, s.title]),
    ).toEqual([
      [-3480, 'vscode', 'app_focus', 'window', 'a.ts'], // offset time, owner name → app id, alias, title kept on focus
      [0, 'vscode', 'keyboard', 'keyboard', null],
      [10, 'vscode', 'mouse_scroll', 'mouse', null],
      [20, 'vscode', 'keyboard', 'keyboard', null], // unknown of an unknown source: generic input
      [30, 'vscode', 'mouse_click', 'mouse', null], // unknown of the mouse: mouse input
      [180, 'vscode', 'keyboard', 'keyboard', null],
    ])
  })

  it('lists at most MAX_SKIPPED_LISTED skipped signals and counts all of them', () => {
    const activity_signals = [
      signal('2024-01-24T09:00:00Z', 'vscode', 'keyboard'),
      ...Array.from({ length: 250 }, () => 42),
    ]
    const report = importIngestBody(db, { activity_signals }, options())
    expect(report.imported).toBe(1)
    expect(report.skipped_total).toBe(250)
    expect(report.skipped).toHaveLength(MAX_SKIPPED_LISTED)
    expect(report.skipped[0]).toEqual({ index: 1, reason: 'not an object' })
  })

  it('strict: one skipped signal or unknown type name and nothing is written', () => {
    const good = signal('2024-01-24T09:00:00Z', 'vscode', 'keyboard', 'keyboard')
    const skipped = importIngestBody(db, { activity_signals: [good, { app: 'x' }] }, options({}, true))
    expect(skipped).toMatchObject({ imported: 0, rejected: true, strict: true, skipped_total: 1 })
    const unknown = importIngestBody(
      db,
      { activity_signals: [good, signal('2024-01-24T09:00:01Z', 'vscode', 'typing')] },
      options({}, true),
    )
    expect(unknown).toMatchObject({ imported: 0, rejected: true, unknown_types: { typing: 1 } })
    expect(listSignals(db)).toEqual([])
    // aliases are names we know: a clean file imports whole
    const clean = importIngestBody(
      db,
      { activity_signals: [good, signal('2024-01-24T09:00:02Z', 'vscode', 'click', 'mouse')] },
      options({}, true),
    )
    expect(clean).toMatchObject({ imported: 2, rejected: false })
  })

  it('applies the capture rules: app aliases, exclusions, title redaction, title capture off', () => {
    const body = {
      activity_signals: [
        signal('2024-01-24T09:00:00Z', 'code-oss', 'app_focus', 'window', { title: 'mail to jane@acme.example' }),
        signal('2024-01-24T09:00:01Z', 'Code.exe', 'keyboard', 'keyboard', { title: 'not kept on input' }),
        signal('2024-01-24T09:00:02Z', 'Signal', 'app_focus', 'window', { title: 'secret chat' }),
        signal('2024-01-24T09:00:03Z', 'my-editor', 'app_focus', 'window', { title: 'x' }),
      ],
    }
    const settings = {
      excluded_apps: ['signal'],
      app_aliases: { 'my-editor': 'vscode' },
      redaction_rules: [{ app: '*', pattern: '[\\w.]+@[\\w.]+', replacement: '<email>' }],
    }
    const report = importIngestBody(db, body, options(settings))
    expect(report).toMatchObject({ imported: 3, excluded: 1, skipped_total: 0 })
    expect(listSignals(db).map((s) => [s.app, s.type, s.title])).toEqual([
      ['vscode', 'app_focus', 'mail to <email>'],
      ['vscode', 'keyboard', null],
      ['vscode', 'app_focus', 'x'],
    ])
    closeDatabase(db)
    db = openDatabase(':memory:')
    importIngestBody(db, body, options({ ...settings, title_capture: false }))
    expect(listSignals(db).map((s) => s.title)).toEqual([null, null, null])
  })

  it('refuses input that is not JSON or neither format, naming what it expected', () => {
    expect(() => importText(db, '{"activity_signals": [', 'seed', options())).toThrow(ImportInputError)
    expect(() => importText(db, '{"signals": []}', 'seed', options())).toThrow('expected {"activity_signals": [...]}')
    expect(() => importText(db, '{"signals": []}', 'auto', options())).toThrow('nor an ActivityWatch export')
    expect(() => importText(db, '{"activity_signals": []}', 'activitywatch', options())).toThrow(
      'expected {"buckets": {...}}',
    )
    expect(importText(db, '{"activity_signals": []}', 'auto', options())).toMatchObject({ format: 'seed', imported: 0 })
  })

  it('reads times with an offset or microseconds, never times without a zone', () => {
    expect(parseTimestamp('2024-01-24T09:00:00Z')).toBe(Date.parse('2024-01-24T09:00:00Z'))
    expect(parseTimestamp('2024-01-24T10:00:00.123456+01:00')).toBe(Date.parse('2024-01-24T09:00:00.123Z'))
    expect(parseTimestamp('2024-01-24T09:00:00')).toBeNaN()
    expect(parseTimestamp('2024-13-45T09:00:00+00:00')).toBeNaN()
  })
})

describe('import of a table read by the streaming reader', () => {
  it('imports the valid rows with the same rules and skips the rows the reader marked', () => {
    const table = decodeSignals([
      signal('2024-01-24T09:00:00Z', 'Code', 'app_focus', 'window', { title: 'jane@acme.example' }),
      signal('2024-01-24T09:00:01Z', 'vscode', 'keyboard', 'keyboard', { count: 5 }),
      { app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
      signal('2030-01-01T00:00:00Z', 'vscode', 'keyboard', 'keyboard'),
    ])
    const report = importSignalTable(
      db,
      table,
      options({ redaction_rules: [{ app: 'vscode', pattern: '\\S+@\\S+', replacement: '…' }] }),
    )
    expect(report).toMatchObject({ imported: 2, skipped_total: 2 })
    expect(report.skipped).toEqual([
      { index: 2, reason: 'timestamp: missing' },
      { index: 3, reason: 'timestamp: in the future (2030-01-01T00:00:00Z)' },
    ])
    expect(listSignals(db).map((s) => [s.app, s.type, s.count, s.title])).toEqual([
      ['vscode', 'app_focus', 1, '…'],
      ['vscode', 'keyboard', 5, null],
    ])
  })
})
