// Every entry of the signal registry, end to end: what capture records and what an import reads
// (by our name and by every alias) is stored, read back with its source and title rule, and
// leaves for the server under its wire name in the contract's four fields. A type added to the
// registry runs through here without a change to this file.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createManualClock } from '../../../test/support/manualClock'
import { createFakeInput, createFakeSystem, createFakeWindow } from '../../../test/support/fakeSources'
import { listSignals } from '../../../test/support/signalRows'
import { defaultSettings } from '../../shared/domain'
import { isoSeconds } from '../../shared/isoTime'
import { SIGNAL_SPECS } from '../../shared/signalRegistry'
import { silentLogger } from '../base/logger'
import type { InputKind, SystemEvent } from '../capture/types'
import { importIngestBody } from '../import/importSignals'
import { closeDatabase, openDatabase } from '../store/database'
import { IngestRequest } from '../sync/apiSchemas'
import { signalsForSpan } from '../sync/spanSignals'
import { createCore, type Core } from './createCore'

const START = Date.parse('2026-03-02T09:00:00Z')
const WIRE_OF = new Map(SIGNAL_SPECS.map((s) => [s.type, s.wire]))

let dir: string
const cores: Core[] = []
afterEach(async () => {
  vi.useRealTimers()
  for (const core of cores.splice(0)) await core.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The span's signals as sync sends them, checked against the wire schema. */
function sent(db: Parameters<typeof signalsForSpan>[0], fromMs: number, toMs: number) {
  const { signals, skipped } = signalsForSpan(db, isoSeconds(fromMs), isoSeconds(toMs))
  expect(skipped).toBe(0)
  IngestRequest.parse({ activity_signals: signals, idle_threshold_minutes: 5, max_merge_idle_minutes: 10 })
  for (const s of signals) expect(Object.keys(s).sort()).toEqual(['app', 'source_type', 'timestamp', 'type'])
  return signals
}

describe('every registry signal type, capture or import → store → read → wire', () => {
  it('is recorded by capture from its source, stored, read back and sent under its wire name', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] })
    dir = mkdtempSync(join(tmpdir(), 'round-trip-'))
    const clock = createManualClock(START)
    const input = createFakeInput()
    const window = createFakeWindow({ owner: 'Code', title: 'main.ts — billops' })
    const system = createFakeSystem()
    const core = createCore({
      dbPath: join(dir, 'db.sqlite'),
      clock,
      logger: silentLogger,
      captureSources: { input, window, system },
    })
    cores.push(core)
    core.settings.update({ idle_threshold_minutes: 1 })
    core.capture.start()
    await vi.advanceTimersByTimeAsync(0)
    const second = async () => {
      clock.advance(1_000)
      await vi.advanceTimersByTimeAsync(1_000)
    }
    // Window and counted input first, then the idle clock, then system events (shutdown last).
    for (const spec of SIGNAL_SPECS.filter((s) => s.capture === 'window')) {
      await second()
      window.focus({ owner: 'Firefox', title: `${spec.type} — Westlaw` })
    }
    for (const spec of SIGNAL_SPECS.filter((s) => s.capture === 'input')) input.emit(spec.type as InputKind, 3)
    if (SIGNAL_SPECS.some((s) => s.capture === 'idle')) {
      // The system source's idle clock runs while nobody touches the machine.
      for (let s = 1; s <= 70; s++) {
        system.setIdleSeconds(s)
        await second()
      }
      system.setIdleSeconds(0)
      input.emit('keyboard')
      await second()
    }
    // Coming back before leaving, and shutdown (which ends capture) last.
    const order = (spec: (typeof SIGNAL_SPECS)[number]) =>
      spec.type === 'shutdown' ? 2 : spec.presence === 'leave' ? 1 : 0
    for (const spec of SIGNAL_SPECS.filter((s) => s.capture === 'system').sort((a, b) => order(a) - order(b))) {
      await second()
      system.emit(spec.type as SystemEvent)
    }
    core.capture.flush()

    const stored = listSignals(core.db)
    expect(new Set(stored.map((r) => r.type))).toEqual(new Set(SIGNAL_SPECS.map((s) => s.type)))
    for (const spec of SIGNAL_SPECS) {
      const rows = stored.filter((r) => r.type === spec.type)
      for (const row of rows) {
        expect(row.source_type).toBe(spec.source)
        if (spec.counts) expect(row.count).toBeGreaterThanOrEqual(1)
        else expect(row.count).toBe(1)
        if (!spec.title) expect(row.title).toBeNull()
      }
      if (spec.title) expect(rows.some((r) => r.title !== null)).toBe(true)
      if (spec.counts) expect(rows.some((r) => r.count === 3)).toBe(true)
    }
    const wire = sent(core.db, START, clock.now() + 1_000)
    expect(wire.map((s) => [s.type, s.source_type])).toEqual(stored.map((r) => [WIRE_OF.get(r.type), r.source_type]))
  })

  it('is imported by our name and by every alias, stored once per second, and sent under its wire name', () => {
    dir = mkdtempSync(join(tmpdir(), 'round-trip-'))
    const db = openDatabase(join(dir, 'db.sqlite'))
    const base = Date.parse('2024-06-03T09:00:00Z')
    const body: Array<Record<string, unknown>> = []
    const expected: Array<[number, string, string, string | null]> = []
    SIGNAL_SPECS.forEach((spec, i) => {
      ;[spec.type, ...spec.aliases].forEach((name, j) => {
        const ms = base + (i * 100 + j) * 1000
        // Another tool's spelling: upper case and dashes, no source_type, a title on everything.
        body.push({
          timestamp: new Date(ms).toISOString(),
          app: 'firefox',
          type: name.toUpperCase().replace(/_/g, '-'),
          title: 'Docket — PACER',
        })
        expected.push([ms / 1000, spec.type, spec.source, spec.title ? 'Docket — PACER' : null])
      })
    })
    const report = importIngestBody(
      db,
      { activity_signals: body },
      { settings: defaultSettings(), nowMs: base + 86_400_000, strict: true },
    )
    expect(report).toMatchObject({ imported: body.length, rejected: false, skipped_total: 0, unknown_types: {} })
    const stored = listSignals(db)
    expect(stored.map((r) => [r.ts, r.type, r.source_type, r.title])).toEqual(expected)
    const wire = sent(db, base, base + SIGNAL_SPECS.length * 100_000)
    expect(wire.map((s) => s.type)).toEqual(expected.map(([, type]) => WIRE_OF.get(type as never)))
    closeDatabase(db)
  })
})
