// Issue #26 (1): no import input can hang the app or the CLI. An ActivityWatch event with an
// absurd duration made the per-minute input loop run for ever (1e12 s had not returned after
// 30 s); negative or non-finite durations were silently read as instants; the whole import ran
// synchronously on the main process, so nothing else ran meanwhile and Ctrl-C was not seen.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { defaultSettings } from '../../shared/domain'
import { closeDatabase, openDatabase } from '../store/database'
import { listSignals } from '../../../test/support/signalRows'
import { AW_INPUT_INTERVAL_SECONDS, AW_MAX_EVENT_SECONDS } from './activityWatch'
import { importText } from './importSignals'
import { createImportCommand } from '../cli/commands/import'
import { recordingIo } from '../../../test/support/cliRun'

const NOW = Date.parse('2024-03-13T00:00:00Z')
const options = { settings: defaultSettings(), nowMs: NOW }
const afk = (timestamp: string, duration: unknown, status = 'not-afk') => ({ timestamp, duration, data: { status } })
const exportOf = (events: unknown[]) => ({
  buckets: { 'aw-watcher-afk_host': { type: 'afkstatus', hostname: 'host', events } },
})

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billops-import-limits-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('ActivityWatch durations', () => {
  it('a tiny export with duration 1e12 returns: the event is clamped to a week and counted', () => {
    const text = JSON.stringify(exportOf([afk('2024-01-01T09:00:00+00:00', 1e12)]))
    expect(text.length).toBeLessThan(200)
    const db = openDatabase(':memory:')
    const report = importText(db, text, 'auto', options)
    expect(report.activitywatch).toMatchObject({
      events_read: 1,
      durations_clamped: 1,
      active_seconds: AW_MAX_EVENT_SECONDS,
    })
    // one input a minute over the week, plus the period's end
    expect(report.imported).toBe(AW_MAX_EVENT_SECONDS / AW_INPUT_INTERVAL_SECONDS + 1)
    closeDatabase(db)
  })

  it('skips negative, non-finite and non-numeric durations and counts them, keeping the good events', () => {
    // 1e400 is valid JSON that reads as Infinity
    const text = `{"buckets":{"a":{"type":"afkstatus","hostname":"h","events":[
      {"timestamp":"2024-03-12T09:00:00+00:00","duration":-60,"data":{"status":"not-afk"}},
      {"timestamp":"2024-03-12T10:00:00+00:00","duration":1e400,"data":{"status":"not-afk"}},
      {"timestamp":"2024-03-12T11:00:00+00:00","duration":"600","data":{"status":"not-afk"}},
      {"timestamp":"2024-03-12T12:00:00+00:00","duration":120,"data":{"status":"not-afk"}}]}}}`
    const db = openDatabase(':memory:')
    const report = importText(db, text, 'activitywatch', options)
    expect(report.skipped_total).toBe(3)
    expect(report.skipped.map((s) => s.reason)).toEqual([
      'a event 0: duration: negative (-60)',
      'a event 1: duration: not a finite number',
      'a event 2: duration: not a number',
    ])
    expect(report.activitywatch?.active_seconds).toBe(120)
    expect(listSignals(db).map((s) => new Date(s.ts * 1000).toISOString().slice(11, 16))).toEqual([
      '12:00',
      '12:01',
      '12:02',
    ])
    closeDatabase(db)
  })
})

describe('imports never stall the event loop', () => {
  /** ~60,000 not-afk minutes (6 back-to-back one-week periods, each inside the cap). */
  const bigExport = () =>
    JSON.stringify(
      exportOf(
        Array.from({ length: 6 }, (_, week) =>
          afk(
            new Date(Date.parse('2023-11-01T00:00:00Z') + week * AW_MAX_EVENT_SECONDS * 1000).toISOString(),
            AW_MAX_EVENT_SECONDS,
          ),
        ),
      ),
    )

  let core: Core | null = null
  afterEach(async () => {
    await core?.close()
    core = null
  })

  it('Settings → Import lets other work run while a big export is read and written', async () => {
    core = createCore({ dbPath: ':memory:', logger: silentLogger })
    const text = bigExport()
    const begun = (await core.dispatch('import.begin', { format: 'auto', total_chars: text.length })) as {
      value: { import_id: string }
    }
    await core.dispatch('import.chunk', { import_id: begun.value.import_id, offset: 0, text })
    let turns = 0
    let finished = false
    const tick = () => {
      if (finished) return
      turns++
      setImmediate(tick)
    }
    setImmediate(tick)
    const result = await core.dispatch('import.finish', { import_id: begun.value.import_id })
    finished = true
    expect(result).toMatchObject({
      ok: true,
      value: { imported: (6 * AW_MAX_EVENT_SECONDS) / AW_INPUT_INTERVAL_SECONDS + 1 },
    })
    // The event loop turned while the import ran (a synchronous import lets it turn 0 times).
    expect(turns).toBeGreaterThan(1)
  })

  it('cli import: Ctrl-C while the input is still being read stops at once, nothing written, exit 130', async () => {
    const input = join(dir, 'aw.json')
    writeFileSync(input, bigExport())
    const db = join(dir, 'db.sqlite')
    const recorded = recordingIo()
    const code = await createImportCommand().run(
      ['--db', db, '--input', input, '--format', 'activitywatch', '--now', '2024-03-13T00:00:00Z'],
      {
        ...recorded.io,
        interrupted: Promise.resolve(),
      },
    )
    expect(code).toBe(130)
    expect(recorded.err()).toContain('import: interrupted while reading the input; nothing was written')
    const store = openDatabase(db)
    expect(listSignals(store)).toHaveLength(0)
    closeDatabase(store)
  })
})
