// The streamed ActivityWatch reading (#28) against the parsed one: whatever the chunking, the
// same report and the same records as JSON.parse + activityWatchSteps give for the same text.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../shared/domain'
import type { SignalRecord } from '../store/signals'
import { ImportJudge } from './importJudge'
import { importTextSteps, type ImportReport } from './importSignals'
import { runSteps } from './importSteps'
import { packRecords, PackedRecordList } from './judgedRecords'
import { randomChunks } from '../../../test/support/randomChunks'

const NOW = Date.parse('2024-03-13T00:00:00Z')
const options = { settings: { ...defaultSettings(), title_capture: true }, nowMs: NOW }
const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures', name), 'utf8')

/** What the old in-process path gave: JSON.parse of the whole text, then the mapping. */
function viaJsonParse(text: string): { report: ImportReport; records: readonly SignalRecord[] } {
  let records: readonly SignalRecord[] = []
  const report = runSteps(
    importTextSteps(null, text, 'auto', { ...options, write: (usable) => void (records = usable) }),
  )
  return { report, records }
}

function streamed(chunks: readonly (string | Uint8Array)[], format: 'activitywatch' | 'auto' = 'auto') {
  const judge = new ImportJudge(format, options)
  for (const chunk of chunks) judge.push(chunk)
  const { report, records } = judge.end()
  // and through the columns the worker answers with
  const packed = new PackedRecordList(packRecords(records))
  return { report, records: packed.slice(0, packed.length) }
}

const T0 = Date.parse('2024-03-12T09:00:00Z')
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace('Z', '000+00:00')

/** An export as awkward as the format allows: type and hostname after the events, a bucket that
 * is no object, ignored buckets before and after, bad and absurd durations, titles with emoji. */
const awkward = () =>
  `{"buckets": {
  "aw-watcher-web-firefox": {"type": "web.tab.current", "events": [{"timestamp": "${at(0)}", "duration": 5, "data": {"url": "https://example.com/🙂"}}]},
  "aw-watcher-window_desk": {"events": [
     {"timestamp": "${at(0)}", "duration": 600, "data": {"app": "Code", "title": "naïve — 東京 🙂 ${'x'.repeat(300)}"}},
     {"timestamp": "${at(10)}", "duration": 1e12, "data": {"app": "firefox", "title": "clamped"}},
     {"timestamp": "${at(20)}", "duration": -3, "data": {"app": "firefox"}},
     {"timestamp": "${at(21)}", "duration": 1e400, "data": {"app": "firefox"}},
     {"timestamp": "${at(22)}", "duration": "5", "data": {"app": "firefox"}},
     {"timestamp": "yesterday", "duration": 5, "data": {"app": "firefox"}},
     {"duration": 5, "data": {"app": "firefox"}},
     {"timestamp": "${at(23)}", "duration": 5, "data": {"title": "no app"}},
     [1, 2],
     {"timestamp": "${at(24)}", "data": {"app": "Slack", "title": "an instant"}}
   ], "hostname": "desk", "type": "currentwindow"},
  "broken": 42,
  "aw-watcher-afk_desk": {"id": "aw-watcher-afk_desk", "type": "afkstatus", "hostname": "desk", "events": [
     {"timestamp": "${at(0)}", "duration": 900, "data": {"status": "not-afk"}},
     {"timestamp": "${at(15)}", "duration": 300, "data": {"status": "afk"}},
     {"timestamp": "${at(20)}", "duration": 600, "data": {"status": "not-afk"}},
     {"timestamp": "${at(30)}", "duration": 60, "data": {"status": "sleeping"}}
  ]},
  "aw-watcher-window_laptop": {"type": "currentwindow", "hostname": "laptop", "events": {"0": {"timestamp": "${at(0)}"}}},
  "aw-stopwatch": {"type": "general.stopwatch", "hostname": "desk", "events": [{"timestamp": "${at(0)}", "duration": 5, "data": {}}, {}]}
}}
`

describe('ActivityWatch streamed (#28)', () => {
  const inputs: [string, string][] = [
    ['the desktop day (aw-server)', fixture('activitywatch-day.json')],
    ['a call with afk stretches', fixture('activitywatch-call.json')],
    ['a phone export (aw-android: aw-server-rust)', fixture('activitywatch-android.json')],
    ['an awkward export', awkward()],
  ]
  for (const [name, text] of inputs) {
    it(`${name}: in random chunks of text or bytes, the report and records JSON.parse gives`, () => {
      const expected = viaJsonParse(text)
      expect(expected.report.format).toBe('activitywatch')
      const bytes = new TextEncoder().encode(text)
      for (let seed = 1; seed <= 6; seed++) {
        const maxChunk = [1, 7, 64, 1000, 4096, 1 << 20][seed - 1] as number
        expect(streamed(randomChunks(text, seed, maxChunk))).toEqual(expected)
        expect(streamed(randomChunks(bytes, seed, maxChunk), 'activitywatch')).toEqual(expected)
      }
    })
  }

  it('counts what it clamps and skips in the awkward export, and keeps the rest', () => {
    const { report, records } = streamed([awkward()])
    expect(report.activitywatch).toEqual({
      // the laptop's events are no list: a bucket read, with no events
      buckets_read: 3,
      buckets_ignored: ['aw-watcher-web-firefox', 'broken', 'aw-stopwatch'],
      events_read: 14,
      active_seconds: 1500,
      durations_clamped: 1,
    })
    expect(report.skipped.map((s) => [s.index, s.reason])).toEqual([
      [3, 'aw-watcher-window_desk event 2: duration: negative (-3)'],
      [4, 'aw-watcher-window_desk event 3: duration: not a finite number'],
      [5, 'aw-watcher-window_desk event 4: duration: not a number'],
      [6, 'aw-watcher-window_desk event 5: timestamp: not an ISO-8601 time'],
      [7, 'aw-watcher-window_desk event 6: timestamp: missing'],
      [8, 'aw-watcher-window_desk event 7: data.app: missing'],
      [9, 'aw-watcher-window_desk event 8: not an object'],
      [14, 'aw-watcher-afk_desk event 3: data.status: expected "afk" or "not-afk"'],
    ])
    expect(records.find((r) => r.type === 'app_focus' && r.app === 'vscode')?.title).toBe(
      `naïve — 東京 🙂 ${'x'.repeat(300)}`,
    )
  })

  it('the phone export: app usage becomes focus and activity; unlocks are listed as not read', () => {
    const { report, records } = streamed([fixture('activitywatch-android.json')])
    expect(report).toMatchObject({
      format: 'activitywatch',
      skipped_total: 0,
      first_at: '2024-03-12T07:05:12Z',
      activitywatch: { buckets_read: 1, buckets_ignored: ['aw-watcher-android-unlock'], events_read: 10 },
    })
    expect(new Set(records.filter((r) => r.type === 'app_focus').map((r) => r.app))).toEqual(
      new Set(['chrome', 'gmail', 'slack', 'teams', 'whatsapp']),
    )
    expect(records.filter((r) => r.type === 'keyboard').length).toBeGreaterThan(60)
  })

  it('reads an export that starts with a byte-order mark, as bytes or as text', () => {
    const text = fixture('activitywatch-android.json')
    const expected = viaJsonParse(text)
    expect(streamed([Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])], 'activitywatch')).toEqual(
      expected,
    )
    expect(streamed(['\uFEFF', text])).toEqual(expected)
  })

  it('refuses what is not an export, or not JSON, with the reason', () => {
    const refused = (text: string) => () => streamed([text], 'activitywatch')
    expect(refused('{"activity_signals": []}')).toThrow(
      'input is not an ActivityWatch export: expected {"buckets": {...}}',
    )
    expect(refused('{"buckets": [1, 2]}')).toThrow('input is not an ActivityWatch export')
    expect(refused('[{"buckets": {}}]')).toThrow('input is not an ActivityWatch export')
    expect(refused('{"buckets": {"w": {"type": "currentwindow", "events": [')).toThrow(/^input is not JSON: /u)
    expect(refused('{"buckets": {}} {"more": 1}')).toThrow(/^input is not JSON: /u)
    expect(refused('')).toThrow(/^input is not JSON: /u)
    expect(refused('{"buckets": {"w": {"type": "currentwindow", "events": [{"timestamp": 1} {"x": 2}]}}}')).toThrow(
      /^input is not JSON: /u,
    )
    expect(refused('{"buckets": {"w" {"type": "afkstatus"}}}')).toThrow(/^input is not JSON: /u)
    expect(refused('{"buckets": {"w": {"type": "afkstatus", "events": [{"data": {"status": "afk"}}, tru]}}}')).toThrow(
      /^input is not JSON: /u,
    )
    expect(refused('5')).toThrow('input is not an ActivityWatch export')
  })
})
