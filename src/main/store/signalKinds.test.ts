import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../shared/domain'
import { SIGNAL_REGISTRY, SIGNAL_SPECS } from '../../shared/signalRegistry'
import { scanPresence } from '../review/activityScan'
import { signalsForSpan } from '../sync/spanSignals'
import { closeDatabase, openDatabase } from './database'
import { SIGNAL_KINDS_0015 } from './migrations/0015-signal-kinds'
import { registerSignalKinds, SignalKindConflictError, storedKinds } from './signalKinds'
import { iterateSignals, upsertSignals } from './signals'
import { HeuristicsStore } from './suggest'

const T = 1_717_405_200 // 2024-06-03T09:00:00Z

describe('signal kinds', () => {
  it('keep the codes migration 0015 registered (a released code never changes)', () => {
    for (const [code, type, source] of SIGNAL_KINDS_0015) expect(SIGNAL_REGISTRY[type]).toMatchObject({ code, source })
  })

  it('refuse to open a file where a registry code or type means something else', () => {
    const db = openDatabase(':memory:')
    const keyboard = SIGNAL_SPECS.find((s) => s.type === 'keyboard')
    if (!keyboard) throw new Error('no keyboard in the registry')
    expect(() => registerSignalKinds(db, [{ ...keyboard, type: 'pen_stroke' }])).toThrow(SignalKindConflictError)
    expect(() => registerSignalKinds(db, [{ ...keyboard, code: 55 }])).toThrow(/kind code was reused or changed/)
    expect(() => registerSignalKinds(db, [{ ...keyboard, source: 'mouse' }])).toThrow(SignalKindConflictError)
    expect(storedKinds(db)).toHaveLength(SIGNAL_SPECS.length)
    closeDatabase(db)
  })

  it('keep the name of a kind only a newer build knows: read back, left out of presence, not sent', () => {
    const db = openDatabase(':memory:')
    upsertSignals(db, [{ ts: T, app: 'chrome', type: 'keyboard', count: 2, title: null }])
    // What a newer build with one more registry entry leaves in the file.
    db.prepare("INSERT INTO signal_kinds (code, type, usual_source) VALUES (45, 'browser_tab', 'window')").run()
    db.prepare("INSERT INTO signals (ts, kind, app, count, title) VALUES (?, 45, 'chrome', 1, 'PACER')").run(T + 1)
    registerSignalKinds(db) // opening it again with this build keeps the newer kind
    expect([...iterateSignals(db)].map((r) => [r.type, r.source_type, r.title])).toEqual([
      ['keyboard', 'keyboard', null],
      ['browser_tab', 'window', 'PACER'],
    ])
    expect(
      new HeuristicsStore(db, () => (T + 60) * 1000).readSignalsBetween(T * 1000, (T + 2) * 1000).map((r) => r.type),
    ).toEqual(['keyboard', 'browser_tab'])
    // Only the keyboard second is activity: the unknown kind neither extends nor starts a run.
    expect(scanPresence(db, defaultSettings(), T, T + 2)).toEqual([
      { startMs: T * 1000, endMs: (T + 1) * 1000, kind: 'active', app: 'chrome', events: 2 },
    ])
    const sent = signalsForSpan(db, '2024-06-03T09:00:00Z', '2024-06-03T09:00:02Z')
    expect(sent.signals.map((s) => s.type)).toEqual(['keyboard'])
    expect(sent.skipped).toBe(1)
    closeDatabase(db)
  })
})
