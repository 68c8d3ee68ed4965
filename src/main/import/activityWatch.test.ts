import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { defaultSettings, type Settings } from '../../shared/domain'
import { closeDatabase, openDatabase } from '../store/database'
import { listEntries } from '../store/entries'
import { listSignals } from '../../../test/support/signalRows'
import { AW_INPUT_INTERVAL_SECONDS } from './activityWatch'
import { importActivityWatch, importText } from './importSignals'

const NOW = Date.parse('2024-03-13T00:00:00Z')
const options = (patch: Partial<Settings> = {}) => ({ settings: { ...defaultSettings(), ...patch }, nowMs: NOW })
const T0 = Date.parse('2024-03-12T09:00:00Z')
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace('Z', '000+00:00')
const event = (minutes: number, durationMinutes: number, data: Record<string, unknown>) => ({
  timestamp: iso(minutes),
  duration: durationMinutes * 60,
  data,
})
const rel = (ts: number) => (ts * 1000 - T0) / 60_000

let dir: string | null = null
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

describe('ActivityWatch mapping', () => {
  it('turns not-afk time into input every interval, window events into focus, afk into idle boundaries', () => {
    const db = openDatabase(':memory:')
    const data = {
      buckets: {
        'aw-watcher-window_host': {
          type: 'currentwindow',
          hostname: 'host',
          // newest first, as ActivityWatch exports them
          events: [
            event(5, 10, { app: 'firefox', title: 'Docs' }), // starts while away: focus when the user is back
            event(2, 3, { app: 'Code', title: 'b.ts' }),
            event(0, 2, { app: 'Code', title: 'a.ts' }),
            { duration: 1, data: { app: 'Code' } },
            event(16, 1, { title: 'no app' }),
          ],
        },
        'aw-watcher-afk_host': {
          type: 'afkstatus',
          hostname: 'host',
          events: [
            event(8, 4, { status: 'not-afk' }),
            event(4, 4, { status: 'afk' }),
            event(0, 4, { status: 'not-afk' }),
            event(12, 1, { status: 'sleeping' }),
          ],
        },
        'aw-watcher-web-chrome': { type: 'web.tab.current', events: [event(0, 1, { url: 'x' })] },
      },
    }
    const report = importActivityWatch(db, data, options())
    expect(report).toMatchObject({
      format: 'activitywatch',
      skipped_total: 3,
      activitywatch: {
        buckets_read: 2,
        buckets_ignored: ['aw-watcher-web-chrome'],
        events_read: 9,
        active_seconds: 8 * 60,
      },
    })
    expect(report.skipped.map((s) => s.reason)).toEqual([
      'aw-watcher-window_host event 3: timestamp: missing',
      'aw-watcher-window_host event 4: data.app: missing',
      'aw-watcher-afk_host event 3: data.status: expected "afk" or "not-afk"',
    ])
    expect(AW_INPUT_INTERVAL_SECONDS).toBe(60)
    expect(listSignals(db).map((s) => [rel(s.ts), s.app, s.type, s.title])).toEqual([
      [0, 'vscode', 'app_focus', 'a.ts'],
      [0, 'vscode', 'keyboard', null],
      [1, 'vscode', 'keyboard', null],
      [2, 'vscode', 'app_focus', 'b.ts'],
      [2, 'vscode', 'keyboard', null],
      [3, 'vscode', 'keyboard', null],
      [4, 'vscode', 'keyboard', null], // the end of the not-afk period, in the window in front just before
      [4, 'system', 'idle_start', null],
      [8, 'system', 'idle_end', null],
      [8, 'firefox', 'app_focus', 'Docs'], // was in front while away: focus only from the return
      [8, 'firefox', 'keyboard', null],
      [9, 'firefox', 'keyboard', null],
      [10, 'firefox', 'keyboard', null],
      [11, 'firefox', 'keyboard', null],
      [12, 'firefox', 'keyboard', null],
    ])
    closeDatabase(db)
  })

  it('without an afk bucket, window events count as time at the machine', () => {
    const db = openDatabase(':memory:')
    importActivityWatch(
      db,
      { buckets: { w: { type: 'currentwindow', events: [event(0, 2, { app: 'Slack', title: 'general' })] } } },
      options(),
    )
    expect(listSignals(db).map((s) => [rel(s.ts), s.app, s.type])).toEqual([
      [0, 'slack', 'app_focus'],
      [0, 'slack', 'keyboard'],
      [1, 'slack', 'keyboard'],
      [2, 'slack', 'keyboard'],
    ])
    closeDatabase(db)
  })

  it('round trip: the fixture day, imported and processed, gives the entries a user would expect', async () => {
    dir = mkdtempSync(join(tmpdir(), 'aw-day-'))
    const core = createCore({ dbPath: join(dir, 'db.sqlite'), logger: silentLogger })
    try {
      core.settings.update({ redaction_rules: [{ app: '*', pattern: '[\\w.+-]+@[\\w.-]+', replacement: '<email>' }] })
      const text = readFileSync(join(__dirname, '../../../test/fixtures/activitywatch-day.json'), 'utf8')
      const report = importText(core.db, text, 'auto', { settings: core.settings.get(), nowMs: NOW })
      expect(report).toMatchObject({
        format: 'activitywatch',
        skipped_total: 0,
        unknown_types: {},
        first_at: '2024-03-12T08:50:00Z',
        last_at: '2024-03-12T18:00:00Z',
        activitywatch: { buckets_read: 2, buckets_ignored: ['aw-watcher-web-firefox'], active_seconds: 24_900 },
      })
      const titles = listSignals(core.db).flatMap((s) => (s.title ? [s.title] : []))
      expect(titles).toContain('Re: invoice March (<email>) - Inbox - Mozilla Thunderbird')
      expect(titles.some((t) => t.includes('jane.doe@'))).toBe(false)

      await core.suggest.processPending()
      const entries = listEntries(core.db).map((e) => [
        e.started_at.slice(11, 16),
        e.ended_at.slice(11, 16),
        e.context_data.applications,
        e.activity_type,
      ])
      expect(entries).toEqual([
        ['09:00', '10:10', ['vscode'], 'focused_work'],
        ['10:10', '10:30', ['firefox'], 'research'],
        // coffee break 10:30–10:45 (afk), Firefox still in front when the user comes back
        ['10:45', '10:50', ['firefox'], 'research'],
        ['10:50', '11:05', ['slack'], 'communication'],
        ['11:05', '12:00', ['vscode'], 'focused_work'],
        // lunch 12:00–13:00 (afk): nothing, though Firefox was in front
        ['13:00', '14:00', ['zoom'], 'meeting'],
        ['14:00', '14:30', ['thunderbird'], 'communication'],
        ['14:30', '15:00', ['vscode'], 'focused_work'],
        // 15:00–15:20 afk; the one-minute Firefox look-up at 16:00 stays inside the coding entry
        ['15:20', '17:30', expect.arrayContaining(['vscode']), 'focused_work'],
      ])
    } finally {
      await core.close()
    }
  }, 60_000)
})
