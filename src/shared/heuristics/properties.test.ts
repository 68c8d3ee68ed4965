// Property-based tests over random signal streams: the invariants the issue lists, checked on
// whatever fast-check generates (gaps around every threshold, breaks, meetings, bad values).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultSettings, SignalType } from '../domain'
import { IncrementalSuggester } from './incremental'
import { suggestFromSignals } from './suggest'
import { iso, MIN, T0, type TestSignal } from '../../../test/shared/testSignals'
import { engineConfig, SuggestedEntry, type EngineConfig } from './types'

const APPS = ['vscode', 'chrome', 'outlook', 'zoom', 'word', 'banking']
const INPUT_TYPES = new Set(['keyboard', 'mouse_click', 'mouse_move', 'mouse_scroll', 'app_focus', 'presence'])
const BREAK_TYPES = new Set(['lock', 'suspend', 'shutdown'])

const gap = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 30 }).map((s) => s * 1000), weight: 8 },
  { arbitrary: fc.integer({ min: 1, max: 45 }).map((m) => m * MIN + 1000 * (m % 3)), weight: 2 },
)
const step = fc.record({
  gap,
  app: fc.constantFrom(...APPS),
  type: fc.oneof(
    { arbitrary: fc.constantFrom('keyboard', 'mouse_click', 'mouse_move', 'app_focus'), weight: 9 },
    { arbitrary: fc.constantFrom(...SignalType.options), weight: 1 },
  ),
  title: fc.option(fc.constantFrom('Motion.docx', 'Inbox', 'Brief — draft', "O'Brien $& co"), { nil: undefined }),
})
const stream = fc.array(step, { maxLength: 250 }).map((steps) => {
  let t = T0
  return steps.map(({ gap: g, app, type, title }): TestSignal => {
    t += g
    return { timestamp: iso(t), app, type, source_type: 'keyboard', ...(title === undefined ? {} : { title }) }
  })
})
const config = fc
  .record({
    idle: fc.integer({ min: 1, max: 15 }),
    merge: fc.integer({ min: 0, max: 20 }),
    meeting: fc.integer({ min: 1, max: 40 }),
    exclude: fc.boolean(),
  })
  .map(({ idle, merge, meeting, exclude }) =>
    engineConfig(
      { ...defaultSettings(), meeting_idle_threshold_minutes: meeting, excluded_apps: exclude ? ['banking'] : [] },
      { idle_threshold_minutes: idle, max_merge_idle_minutes: merge },
    ),
  )

const ms = (isoText: string) => Date.parse(isoText)
const isMeeting = (c: EngineConfig, app: string) => c.meetingApps.includes(app)
const isExcluded = (c: EngineConfig, app: string) => c.excludedApps.includes(app)

/** Usable signals as the engine sees them: time order, exact duplicates (ms, app, type, source) dropped. */
function usable(signals: TestSignal[]): TestSignal[] {
  const seen = new Set<string>()
  return [...signals]
    .map((s, i) => ({ s, i }))
    .sort((a, b) => ms(a.s.timestamp) - ms(b.s.timestamp) || a.i - b.i)
    .map(({ s }) => s)
    .filter((s) => {
      const key = `${ms(s.timestamp)}|${s.app}|${s.type}|${s.source_type}`
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
}

describe('engine invariants (property-based)', () => {
  it('never throws, and entries have the pending-review shape with confidence in [0, 1]', () => {
    const anything = fc.array(
      fc.oneof(
        fc.jsonValue(),
        step.map((s) => ({ ...s, timestamp: iso(T0 + s.gap) })),
      ),
      { maxLength: 40 },
    )
    fc.assert(
      fc.property(anything, config, (signals, c) => {
        const result = suggestFromSignals(signals, c)
        for (const entry of result.entries) expect(SuggestedEntry.safeParse(entry).success).toBe(true)
        for (const item of result.verification_required) expect(item.confidence).toBeGreaterThanOrEqual(0)
        expect(result.suggested_count).toBe(result.entries.length)
      }),
      { numRuns: 150 },
    )
  })

  it('entries never overlap', () => {
    fc.assert(
      fc.property(stream, config, (signals, c) => {
        const entries = suggestFromSignals(signals, c).entries
        for (let i = 1; i < entries.length; i++) {
          expect(ms((entries[i - 1] as SuggestedEntry).ended_at)).toBeLessThanOrEqual(
            ms((entries[i] as SuggestedEntry).started_at),
          )
        }
      }),
      { numRuns: 200 },
    )
  })

  it('no entry covers an idle gap longer than max merge, a break, or excluded-app activity', () => {
    fc.assert(
      fc.property(stream, config, (signals, c) => {
        const all = usable(signals)
        for (const entry of suggestFromSignals(signals, c).entries) {
          const start = ms(entry.started_at)
          const end = ms(entry.ended_at)
          const inside = all.filter((s) => ms(s.timestamp) >= start && ms(s.timestamp) <= end)
          expect(inside.some((s) => BREAK_TYPES.has(s.type) && ms(s.timestamp) > start && ms(s.timestamp) < end)).toBe(
            false,
          )
          expect(
            inside.some(
              (s) =>
                isExcluded(c, s.app) && INPUT_TYPES.has(s.type) && ms(s.timestamp) > start && ms(s.timestamp) < end,
            ),
          ).toBe(false)
          const inputs = inside.filter((s) => INPUT_TYPES.has(s.type) && !isExcluded(c, s.app))
          for (let i = 1; i < inputs.length; i++) {
            const prev = inputs[i - 1] as TestSignal
            const g = ms((inputs[i] as TestSignal).timestamp) - ms(prev.timestamp)
            const threshold = isMeeting(c, prev.app) ? c.meetingIdleThresholdMs : c.idleThresholdMs
            if (g > threshold) expect(g).toBeLessThanOrEqual(c.maxMergeMs)
          }
        }
      }),
      { numRuns: 200 },
    )
  })

  it('billed time is bounded by active time plus merged gaps', () => {
    fc.assert(
      fc.property(stream, config, (signals, c) => {
        const all = usable(signals).filter((s) => INPUT_TYPES.has(s.type) && !isExcluded(c, s.app))
        for (const entry of suggestFromSignals(signals, c).entries) {
          const start = ms(entry.started_at)
          const end = ms(entry.ended_at)
          const inputs = all.filter((s) => ms(s.timestamp) >= start && ms(s.timestamp) <= end)
          let active = 0
          let idle = 0
          for (let i = 1; i < inputs.length; i++) {
            const prev = inputs[i - 1] as TestSignal
            const g = ms((inputs[i] as TestSignal).timestamp) - ms(prev.timestamp)
            const threshold = isMeeting(c, prev.app) ? c.meetingIdleThresholdMs : c.idleThresholdMs
            if (g > threshold) idle += g
            else active += g
          }
          const { active_minutes, idle_minutes_merged } = entry.context_data
          expect(active_minutes).toBeLessThanOrEqual(active / MIN + 0.01)
          expect(idle_minutes_merged).toBeLessThanOrEqual(idle / MIN + 0.01)
          expect(entry.duration_minutes).toBeLessThanOrEqual(active_minutes + idle_minutes_merged + 0.02)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('is deterministic, and input order does not matter', () => {
    fc.assert(
      fc.property(stream, config, fc.integer(), (signals, c, seed) => {
        const first = suggestFromSignals(signals, c)
        expect(suggestFromSignals(signals, c)).toEqual(first)
        const unique = usable(signals)
        const shuffled = [...unique].sort(
          (a, b) => ((ms(a.timestamp) * 31 + seed) % 97) - ((ms(b.timestamp) * 31 + seed) % 97),
        )
        expect(suggestFromSignals(shuffled, c).entries).toEqual(suggestFromSignals(unique, c).entries)
      }),
      { numRuns: 100 },
    )
  })

  it('folding in chunks (the worker) gives exactly the batch result', () => {
    fc.assert(
      fc.property(
        stream,
        config,
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
        (signals, c, cuts) => {
          const ordered = usable(signals)
          const batch = suggestFromSignals(ordered, c).entries
          const suggester = new IncrementalSuggester(c)
          const closed: SuggestedEntry[] = []
          let i = 0
          let k = 0
          while (i < ordered.length) {
            const size = cuts[k++ % cuts.length] as number
            const chunk = ordered
              .slice(i, i + size)
              .map((s) => ({ ts: ms(s.timestamp), app: s.app, type: s.type, count: 1, title: s.title ?? null }))
            i += size
            const update = suggester.append(chunk)
            closed.push(...update.closed.map((f) => f.entry))
            // The preview is what the tail would be now: closed entries plus preview never overlap.
            const preview = update.open.map((f) => f.entry)
            if (closed.length && preview.length)
              expect(ms((closed.at(-1) as SuggestedEntry).ended_at)).toBeLessThanOrEqual(
                ms((preview[0] as SuggestedEntry).started_at),
              )
          }
          closed.push(...suggester.finish().map((f) => f.entry))
          expect(closed).toEqual(batch)
        },
      ),
      { numRuns: 150 },
    )
  })
})
