// The naive reference engine (#28): what a first version of `billops suggest` would be, and the
// figure the CLI is compared with. The whole request read as one string, JSON.parse, then plain
// loops over the objects: check each signal, sort by time, cut at idle gaps and app changes,
// merge short interruptions, score and print the entries. Run as its own process:
// `node bench/naiveEngine.mjs FILE` (a plain ES module: no tsx, no bundle, start-up like the CLI's).
import { readFileSync } from 'node:fs'

const request = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const idleMs = (request.idle_threshold_minutes ?? 5) * 60_000
const mergeMs = (request.max_merge_idle_minutes ?? 10) * 60_000
const TYPES = new Set(['keyboard', 'mouse_click', 'mouse_move', 'mouse_scroll', 'app_focus'])

const signals = []
for (const s of request.activity_signals) {
  if (typeof s !== 'object' || s === null || typeof s.app !== 'string' || s.app === '') continue
  const ts = Date.parse(s.timestamp)
  if (Number.isNaN(ts) || !TYPES.has(s.type)) continue
  signals.push({ ts, app: s.app, type: s.type, count: typeof s.count === 'number' ? s.count : 1 })
}
signals.sort((a, b) => a.ts - b.ts)

// Segments: one app, no gap longer than the idle threshold.
const segments = []
let current = null
for (const s of signals) {
  if (current && current.app === s.app && s.ts - current.end <= idleMs) {
    current.end = s.ts
    current.signals += s.count
    current.keyboard += s.type === 'keyboard' ? s.count : 0
  } else {
    current = { app: s.app, start: s.ts, end: s.ts, signals: s.count, keyboard: s.type === 'keyboard' ? s.count : 0 }
    segments.push(current)
  }
}

// Merge a segment into the previous one of the same app when the gap between them is short.
const entries = []
for (const segment of segments) {
  const last = entries[entries.length - 1]
  if (last && last.app === segment.app && segment.start - last.end <= mergeMs) {
    last.end = segment.end
    last.signals += segment.signals
    last.keyboard += segment.keyboard
  } else entries.push({ ...segment })
}

const result = entries
  .filter((e) => e.end - e.start >= 60_000)
  .map((e) => ({
    started_at: new Date(e.start).toISOString(),
    ended_at: new Date(e.end).toISOString(),
    app: e.app,
    duration_minutes: Math.round((e.end - e.start) / 60_000),
    confidence: Math.min(1, e.signals / ((e.end - e.start) / 1000)) * (e.keyboard > 0 ? 1 : 0.8),
  }))
process.stdout.write(`${JSON.stringify({ status: 'success', suggested_count: result.length, entries: result })}\n`)
