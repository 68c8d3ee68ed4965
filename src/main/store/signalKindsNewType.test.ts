// A signal type added to the registry is stored and read back without a migration: this file
// sees a registry with one more type (a browser tab switch), built by the registry's own views.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defaultSettings, SignalType, SOURCE_TYPE_OF } from '../../shared/domain'
import { PRESENCE_MEANING } from '../../shared/presence'
import { normalizeSignalName } from '../../shared/signalNames'
import { importIngestBody } from '../import/importSignals'
import { signalsForSpan } from '../sync/spanSignals'
import { closeDatabase, openDatabase, schemaVersion } from './database'
import { migrations } from './migrations'
import { storedKinds } from './signalKinds'
import { iterateSignals, upsertSignals } from './signals'
import { HeuristicsStore } from './suggest'
import type * as Registry from '../../shared/signalRegistry'

vi.mock('../../shared/signalRegistry', async (importOriginal) => {
  const real = await importOriginal<typeof Registry>()
  const browserTab = {
    code: 45,
    source: 'window',
    presence: 'input',
    wire: 'browser_tab',
    aliases: ['tab_switch'],
    capture: 'window',
    counts: false,
    title: true,
  } as const
  return { ...real, ...real.registryViews({ ...real.SIGNAL_REGISTRY, browser_tab: browserTab }) }
})

let dir: string | null = null
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

const T = 1_717_405_200 // 2024-06-03T09:00:00Z
const BROWSER_TAB = 'browser_tab' as SignalType

/** A file as the build before the new type left it: every migration run, only their kinds registered. */
function fileOfPreviousBuild(): string {
  dir = mkdtempSync(join(tmpdir(), 'new-kind-'))
  const path = join(dir, 'db.sqlite')
  const raw = new BetterSqlite3(path)
  raw.pragma('foreign_keys = ON')
  for (const m of migrations) {
    raw.transaction(() => {
      m.up(raw)
      raw.pragma(`user_version = ${m.version}`)
    })()
  }
  raw
    .prepare(
      "INSERT INTO signals (ts, kind, app, count, title) VALUES (?, 40, 'chrome', 1, 'PACER'), (?, 50, 'chrome', 3, NULL)",
    )
    .run(T, T)
  raw.close()
  return path
}

describe('a signal type added to the registry', () => {
  it('is part of every derived table: enum, usual source, presence meaning, aliases', () => {
    expect(SignalType.options).toContain('browser_tab')
    expect(SOURCE_TYPE_OF[BROWSER_TAB]).toBe('window')
    expect(PRESENCE_MEANING[BROWSER_TAB]).toBe('input')
    expect(normalizeSignalName('Tab-Switch', null)).toEqual({
      type: 'browser_tab',
      source_type: 'window',
      unknownType: false,
    })
  })

  it('is stored in a database written before it existed, with no migration, and read back in its place within the second', () => {
    const path = fileOfPreviousBuild()
    const before = new BetterSqlite3(path, { readonly: true })
    expect(before.prepare('SELECT count(*) AS n FROM signal_kinds WHERE code = 45').get()).toEqual({ n: 0 })
    before.close()
    const db = openDatabase(path)
    expect(schemaVersion(db)).toBe(15)
    expect(storedKinds(db).find((k) => k.code === 45)).toEqual({
      code: 45,
      type: 'browser_tab',
      usual_source: 'window',
    })

    upsertSignals(db, [{ ts: T, app: 'chrome', type: BROWSER_TAB, count: 1, title: 'Docket 24-cv-118 — PACER' }])
    const report = importIngestBody(
      db,
      {
        activity_signals: [{ timestamp: '2024-06-03T09:00:05Z', app: 'chrome', type: 'tab_switch', title: 'Westlaw' }],
      },
      {
        settings: defaultSettings(),
        nowMs: (T + 3_600) * 1000,
        strict: true,
      },
    )
    expect(report).toMatchObject({ imported: 1, rejected: false, aliased_types: { tab_switch: 1 } })

    expect([...iterateSignals(db)]).toEqual([
      { ts: T, app: 'chrome', type: 'app_focus', source_type: 'window', count: 1, title: 'PACER' },
      { ts: T, app: 'chrome', type: 'browser_tab', source_type: 'window', count: 1, title: 'Docket 24-cv-118 — PACER' },
      { ts: T, app: 'chrome', type: 'keyboard', source_type: 'keyboard', count: 3, title: null },
      { ts: T + 5, app: 'chrome', type: 'browser_tab', source_type: 'window', count: 1, title: 'Westlaw' },
    ])
    expect(
      new HeuristicsStore(db, () => (T + 3_600) * 1000)
        .readSignalsBetween(T * 1000, (T + 10) * 1000)
        .map((r) => r.type),
    ).toEqual(['app_focus', 'browser_tab', 'keyboard', 'browser_tab'])
    expect(signalsForSpan(db, '2024-06-03T09:00:00Z', '2024-06-03T09:01:00Z')).toEqual({
      signals: [
        { timestamp: '2024-06-03T09:00:00Z', app: 'chrome', type: 'app_focus', source_type: 'window' },
        { timestamp: '2024-06-03T09:00:00Z', app: 'chrome', type: 'browser_tab', source_type: 'window' },
        { timestamp: '2024-06-03T09:00:00Z', app: 'chrome', type: 'keyboard', source_type: 'keyboard' },
        { timestamp: '2024-06-03T09:00:05Z', app: 'chrome', type: 'browser_tab', source_type: 'window' },
      ],
      skipped: 0,
    })
    closeDatabase(db)
  })
})
