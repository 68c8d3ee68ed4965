import { describe, expect, it } from 'vitest'
import { Settings } from './domain'
import { engineConfig } from './heuristics/types'
import { suggestFromSignals } from './heuristics/suggest'
import { meetingAppMatcher, PresenceRules, presenceTimeline, type PresenceSignal } from './presence'

const T0 = Date.parse('2026-03-02T14:00:00Z')
const MIN = 60_000
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')
const defaults = Settings.parse({})

/** Input every 20 s in `app` over [fromMin, toMin). */
function talk(app: string, fromMin: number, toMin: number) {
  const out = []
  for (let t = T0 + fromMin * MIN; t < T0 + toMin * MIN; t += 20_000)
    out.push({ timestamp: iso(t), app, type: 'mouse_click', source_type: 'mouse' })
  return out
}
const system = (atMin: number, type: string) => ({
  timestamp: iso(T0 + atMin * MIN),
  app: 'system',
  type,
  source_type: 'system',
})

/**
 * A 40-minute call with quiet stretches of 10, 12 and 18 minutes (default thresholds: idle 5,
 * meeting idle 30), and capture's idle markers where the plain idle threshold passed.
 */
function quietCall() {
  return [
    ...talk('zoom', 0, 1),
    system(1 + 5, 'idle_start'),
    ...talk('zoom', 11, 12),
    system(11, 'idle_end'),
    system(12 + 5, 'idle_start'),
    ...talk('zoom', 24, 25),
    system(24, 'idle_end'),
    system(25 + 5, 'idle_start'),
    ...talk('zoom', 43, 44),
    system(43, 'idle_end'),
  ]
}

describe('presence: a quiet call is one meeting (#23)', () => {
  it('a 40-minute call with quiet stretches of 10, 12 and 18 minutes gives one meeting entry', () => {
    const result = suggestFromSignals(quietCall(), engineConfig(defaults))
    expect(result.status).toBe('success')
    expect(result.entries.map((e) => [e.activity_type, e.started_at, e.ended_at])).toEqual([
      ['meeting', iso(T0), iso(T0 + 44 * MIN - 20_000)],
    ])
  })

  it('the same call with a lock in the middle gives two', () => {
    const signals = [...quietCall(), system(20, 'lock'), system(23, 'unlock')]
    const result = suggestFromSignals(signals, engineConfig(defaults))
    expect(result.entries.map((e) => [e.activity_type, e.started_at, e.ended_at])).toEqual([
      ['meeting', iso(T0), iso(T0 + 12 * MIN - 20_000)],
      ['meeting', iso(T0 + 24 * MIN), iso(T0 + 44 * MIN - 20_000)],
    ])
  })

  it('suspend and shutdown cut a call too; a quiet stretch over the meeting threshold ends it', () => {
    for (const type of ['suspend', 'shutdown']) {
      expect(suggestFromSignals([...quietCall(), system(20, type)], engineConfig(defaults)).entries).toHaveLength(2)
    }
    const long = [...talk('zoom', 0, 5), ...talk('zoom', 40, 45)]
    expect(suggestFromSignals(long, engineConfig(defaults)).entries).toHaveLength(2)
  })

  it('a quiet stretch inside a calendar meeting the user attends stays in the activity, outside it does not', () => {
    // Word in front (a meeting in a room, notes open): 15 quiet minutes.
    const signals = [...talk('word', 0, 10), ...talk('word', 25, 35)]
    expect(suggestFromSignals(signals, engineConfig(defaults)).entries).toHaveLength(2)
    const meeting = { startMs: T0 + 5 * MIN, endMs: T0 + 30 * MIN }
    const inMeeting = suggestFromSignals(signals, engineConfig(defaults, {}, { attendedMeetings: [meeting] }))
    expect(inMeeting.entries.map((e) => [e.started_at, e.ended_at])).toEqual([[iso(T0), iso(T0 + 35 * MIN - 20_000)]])
    // A meeting that covers only the first 5 of the 15 quiet minutes leaves 10 quiet minutes outside it: away.
    const early = { startMs: T0, endMs: T0 + 15 * MIN }
    expect(suggestFromSignals(signals, engineConfig(defaults, {}, { attendedMeetings: [early] })).entries).toHaveLength(
      2,
    )
  })
})

describe('presence rules', () => {
  it('matches meeting apps one way: app ids, owner names, platform suffixes and user aliases', () => {
    const isMeeting = meetingAppMatcher(defaults.meeting_apps, { 'Cisco Webex Meetings': 'webex' })
    for (const app of ['zoom', 'Zoom.exe', 'zoom.us', 'Microsoft Teams', 'ms-teams', 'teams', 'Cisco Webex Meetings'])
      expect(isMeeting(app)).toBe(true)
    // no substring matches: "meet" is a meeting app, "meetup-planner" and "zoomit" are not
    for (const app of ['meetup-planner', 'zoomit', 'vscode', '']) expect(isMeeting(app)).toBe(false)
  })

  it('judges a quiet stretch by the idle threshold, the meeting threshold, the app and the calendar', () => {
    const rules = new PresenceRules(5 * MIN, 30 * MIN, (app) => app === 'zoom', [{ startMs: T0, endMs: T0 + 60 * MIN }])
    expect(rules.judgeQuiet(T0 + 70 * MIN, T0 + 74 * MIN, false)).toBe('idle')
    expect(rules.judgeQuiet(T0 + 70 * MIN, T0 + 90 * MIN, true)).toBe('meeting_quiet')
    expect(rules.judgeQuiet(T0 + 70 * MIN, T0 + 90 * MIN, false)).toBe('away')
    expect(rules.judgeQuiet(T0 + 10 * MIN, T0 + 30 * MIN, false)).toBe('meeting_quiet')
    expect(rules.judgeQuiet(T0 + 10 * MIN, T0 + 45 * MIN, true)).toBe('away')
    // 20 quiet minutes of which 10 after the meeting ended: over the plain threshold outside it
    expect(rules.judgeQuiet(T0 + 50 * MIN, T0 + 70 * MIN, false)).toBe('away')
  })

  it('draws the quiet call as a meeting on the timeline, and a lock as one absence from the last input', () => {
    const signals: PresenceSignal[] = quietCall().map((s) => ({
      ts: Date.parse(s.timestamp),
      app: s.app,
      type: s.type as PresenceSignal['type'],
      count: 1,
    }))
    const rules = PresenceRules.fromSettings(defaults)
    const kinds = presenceTimeline(signals, rules).map((span) => span.kind)
    expect(kinds).toEqual(['active', 'meeting_quiet', 'active', 'meeting_quiet', 'active', 'meeting_quiet', 'active'])
    const locked = presenceTimeline([...signals, { ts: T0 + 20 * MIN, app: 'system', type: 'lock', count: 1 }], rules)
    expect(locked.filter((span) => span.kind === 'locked').map((span) => [span.startMs, span.endMs])).toEqual([
      [T0 + 12 * MIN - 19_000, T0 + 24 * MIN],
    ])
  })
})
