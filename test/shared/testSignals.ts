// Builders for engine tests (not used by the app): readable signal streams in the seed format.
import { defaultSettings, SOURCE_TYPE_OF, type Settings } from '../../src/shared/domain'
import { ownValue } from '../../src/shared/ownValue'
import { suggestFromSignals } from '../../src/shared/heuristics/suggest'
import { engineConfig, type LearnedHint, type SuggestionResult } from '../../src/shared/heuristics/types'
import { prng } from './prng'

export const T0 = Date.parse('2024-01-24T09:00:00Z')
export const MIN = 60_000

export interface TestSignal {
  timestamp: string
  app: string
  type: string
  source_type: string
  title?: string | null
  count?: number
}

export const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

export function signal(atMs: number, app: string, type = 'keyboard', title?: string): TestSignal {
  return {
    timestamp: iso(atMs),
    app,
    type,
    source_type: ownValue<string>(SOURCE_TYPE_OF, type) ?? 'system',
    ...(title === undefined ? {} : { title }),
  }
}

/** Input every `everyMs` from `fromMs` to `toMs` inclusive. */
export function activity(fromMs: number, toMs: number, app: string, everyMs = 10_000, title?: string): TestSignal[] {
  const out: TestSignal[] = []
  for (let t = fromMs; t <= toMs; t += everyMs) out.push(signal(t, app, 'keyboard', title))
  return out
}

export function run(
  signals: readonly unknown[],
  options: {
    settings?: Partial<Settings>
    idle?: number
    merge?: number
    learned?: LearnedHint[]
    nowMs?: number
  } = {},
): SuggestionResult {
  const settings = { ...defaultSettings(), ...options.settings }
  return suggestFromSignals(
    signals,
    engineConfig(
      settings,
      { idle_threshold_minutes: options.idle, max_merge_idle_minutes: options.merge },
      {
        learned: options.learned ?? [],
        ...(options.nowMs === undefined ? {} : { nowMs: options.nowMs }),
      },
    ),
  )
}

// ---- Generated workdays (#12) --------------------------------------------------------------
// Deterministic synthetic days with known ground truth: clear single-app work, rapid switching
// between apps of different activity types (mixed), alternation between apps of the same type,
// and breaks; type and source names drawn from ours, other tools' aliases and unknown names;
// several distinct events in one second. Used by the #12 tests and bench.

export type Interval = [startMs: number, endMs: number]
export type StretchKind = 'single' | 'mixed' | 'same_type'

export interface WorkdayStretch {
  kind: StretchKind
  apps: string[]
  start: number
  end: number
}

export interface Workday {
  signals: TestSignal[]
  /** stretches of work, each from its first to its last signal */
  stretches: WorkdayStretch[]
  /** runs of work (stretches back to back, no break between): what should be billed */
  billable: Interval[]
}

/** Names as other capture tools send them (type, source): ours, aliases, unknown names. */
const INPUT_NAMES: ReadonlyArray<[type: string, source: string, weight: number]> = [
  ['keyboard', 'keyboard', 20],
  ['mouse_click', 'mouse', 10],
  ['mouse_move', 'mouse', 10],
  ['mouse_scroll', 'mouse', 6],
  ['scroll', 'mouse', 8],
  ['wheel', 'mouse', 2],
  ['key', 'keyboard', 4],
  ['keypress', 'keyboard', 3],
  ['click', 'mouse', 4],
  ['mousemove', 'mouse', 3],
  ['app_switch', 'app', 2],
  ['window_focus', 'window', 1],
  ['pen_stroke', 'mouse', 1],
  ['gesture', 'trackpad', 1],
]
/** a reading-heavy stretch: scrolling, as ActivityWatch-like tools name it */
const READING_NAMES: ReadonlyArray<readonly [type: string, source: string, weight: number]> = [
  ['scroll', 'mouse', 1],
  ['scroll', 'app', 1],
  ['wheel', 'mouse', 1],
]
const NAME_WEIGHT = INPUT_NAMES.reduce((sum, [, , w]) => sum + w, 0)

const SINGLE_APPS = ['vscode', 'word', 'chrome', 'excel', 'figma', 'outlook']
/** app groups of the same activity type (default app map) */
const SAME_TYPE_GROUPS = [
  ['slack', 'outlook', 'discord'],
  ['chrome', 'firefox', 'safari'],
  ['vscode', 'terminal', 'idea'],
]
/** apps of different activity types for mixed stretches (one per type) */
const MIXED_POOL = ['chrome', 'slack', 'vscode', 'word', 'excel']

/**
 * A working day from 08:30 to about 17:30: stretches of 15–75 min single-app work (a quarter of
 * them reading: only scrolling, every 15–75 s; half of the others with a glance of a few seconds
 * at chat or mail every 40–150 s), 10–40 min of
 * switching every 30–115 s between 2–3 apps of different activity types, 10–30 min alternating
 * between apps of one type, and breaks of 6–60 min (some with lock/unlock). Input every 1–12 s,
 * now and then a few distinct events in one second. Signals come sorted, without exact repeats:
 * a clean day.
 */
export function workday(seed: number): Workday {
  const rnd = prng(seed)
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T
  const signals: TestSignal[] = []
  const stretches: WorkdayStretch[] = []
  const billable: Interval[] = []
  const end = T0 - 30 * MIN + 9 * 60 * MIN
  let t = T0 - 30 * MIN
  let runStart = t
  let lastWasBreak = true

  const emit = (at: number, app: string, reading = false) => {
    let chosen = INPUT_NAMES[0] as readonly [string, string, number]
    if (reading) {
      chosen = pick(READING_NAMES)
    } else {
      let r = rnd() * NAME_WEIGHT
      for (const entry of INPUT_NAMES) {
        r -= entry[2]
        if (r < 0) {
          chosen = entry
          break
        }
      }
    }
    signals.push({ timestamp: new Date(at).toISOString(), app, type: chosen[0], source_type: chosen[1] })
  }
  /** input in `app` from `from` for `ms`; returns the time of the last signal. Reading: only
   * scrolling (as other tools name it) every 15–75 s. */
  const work = (app: string, from: number, ms: number, reading = false): number => {
    let at = from
    let last = from
    while (at <= from + ms) {
      emit(at, app, reading)
      last = at
      if (reading) {
        at += between(15, 75) * 1000
        continue
      }
      if (rnd() < 0.15) {
        // a burst: 2–4 distinct events in the same second, at distinct milliseconds
        const n = between(1, 3)
        let burstAt = at
        for (let k = 1; k <= n; k++) {
          burstAt += between(1, Math.floor(990 / n))
          emit(burstAt, app)
          last = burstAt
        }
      }
      at += between(1, 12) * 1000
    }
    return last
  }
  const alternate = (apps: readonly string[], from: number, ms: number, differentType: boolean): number => {
    let at = from
    let last = from
    let app = pick(apps)
    while (at < from + ms) {
      // a context of exactly 30–115 s: input until up to 10 s before the next app's first signal
      const contextMs = between(30, 115) * 1000
      last = work(app, at, contextMs - 10_000)
      at += contextMs
      const others = apps.filter((a) => a !== app)
      app = differentType || rnd() < 0.8 ? pick(others) : app
    }
    return last
  }

  while (t < end) {
    const roll = rnd()
    if (!lastWasBreak && roll < 0.2) {
      billable.push([runStart, t])
      const gap = between(6, 60) * MIN
      if (rnd() < 0.5)
        signals.push({
          timestamp: new Date(t + 20_000).toISOString(),
          app: 'system',
          type: 'lock',
          source_type: 'system',
        })
      t += gap
      if (rnd() < 0.5)
        signals.push({
          timestamp: new Date(t - 5_000).toISOString(),
          app: 'system',
          type: 'unlock',
          source_type: 'system',
        })
      runStart = t
      lastWasBreak = true
      continue
    }
    const start = lastWasBreak ? t : t + between(1, 10) * 1000
    lastWasBreak = false
    let stretch: WorkdayStretch
    if (roll < 0.55) {
      const reading = rnd() < 0.25
      const app = reading ? pick(['chrome', 'acrobat', 'word']) : pick(SINGLE_APPS)
      const length = between(15, 75) * MIN
      if (!reading && rnd() < 0.5) {
        // with a glance of 2–15 s at chat or mail every 40–150 s: still clear single-app work
        let at = start
        let last = start
        while (at < start + length) {
          last = work(app, at, between(40, 150) * 1000)
          const glance = pick(['slack', 'outlook'].filter((a) => a !== app))
          at = last + between(1, 3) * 1000
          last = work(glance, at, between(1, 12) * 1000)
          at = last + between(1, 3) * 1000
        }
        last = work(app, at, 20_000)
        stretch = { kind: 'single', apps: [app], start, end: last }
      } else {
        stretch = { kind: 'single', apps: [app], start, end: work(app, start, length, reading) }
      }
    } else if (roll < 0.8) {
      const pool = [...MIXED_POOL].sort(() => rnd() - 0.5).slice(0, between(2, 3))
      stretch = { kind: 'mixed', apps: pool, start, end: alternate(pool, start, between(10, 40) * MIN, true) }
    } else {
      const group = pick(SAME_TYPE_GROUPS)
      stretch = { kind: 'same_type', apps: group, start, end: alternate(group, start, between(10, 30) * MIN, false) }
    }
    stretches.push(stretch)
    t = stretch.end
  }
  if (!lastWasBreak) billable.push([runStart, t])
  return { signals, stretches, billable }
}

/** Total length of a union of intervals. */
export function unionMs(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  let total = 0
  let curStart = Number.NaN
  let curEnd = Number.NaN
  for (const [s, e] of sorted) {
    if (Number.isNaN(curStart) || s > curEnd) {
      if (!Number.isNaN(curStart)) total += curEnd - curStart
      curStart = s
      curEnd = e
    } else {
      curEnd = Math.max(curEnd, e)
    }
  }
  if (!Number.isNaN(curStart)) total += curEnd - curStart
  return total
}

/** Length of the overlap of two interval sets (each a union). */
export function overlapMs(a: readonly Interval[], b: readonly Interval[]): number {
  const pieces: Interval[] = []
  for (const [as, ae] of a)
    for (const [bs, be] of b) if (Math.min(ae, be) > Math.max(as, bs)) pieces.push([Math.max(as, bs), Math.min(ae, be)])
  return unionMs(pieces)
}

export interface WorkdayFigures {
  days: number
  successDays: number
  recall: number
  precision: number
  mixedStretches: number
  mixedFlagged: number
  mixedOneEntry: number
  singleStretches: number
  singleFlagged: number
  sameTypeStretches: number
  sameTypeFlagged: number
}

/** Runs the engine over generated days and measures it against their ground truth. */
export function workdayFigures(
  seeds: readonly number[],
  runDay: (signals: TestSignal[]) => SuggestionResult = (s) => run(s),
  verifyThreshold = defaultSettings().verify_confidence_threshold,
): WorkdayFigures {
  const figures: WorkdayFigures = {
    days: seeds.length,
    successDays: 0,
    recall: 0,
    precision: 0,
    mixedStretches: 0,
    mixedFlagged: 0,
    mixedOneEntry: 0,
    singleStretches: 0,
    singleFlagged: 0,
    sameTypeStretches: 0,
    sameTypeFlagged: 0,
  }
  let truthMs = 0
  let billedMs = 0
  let hitMs = 0
  for (const seed of seeds) {
    const day = workday(seed)
    const result = runDay(day.signals)
    if (result.status === 'success') figures.successDays++
    const span = (e: { started_at: string; ended_at: string }): Interval => [
      Date.parse(e.started_at),
      Date.parse(e.ended_at),
    ]
    const billed = result.entries.map(span)
    truthMs += unionMs(day.billable)
    billedMs += unionMs(billed)
    hitMs += overlapMs(day.billable, billed)
    // Flagged entries: confidence below the threshold (what gets a verification item, in any
    // engine version); flagged as mixed: primary_activity `mixed` too (the mixed item).
    const flaggedEntries = result.entries.filter((e) => e.context_data.confidence < verifyThreshold)
    const flagged = flaggedEntries.map(span)
    const mixed = flaggedEntries.filter((e) => e.context_data.primary_activity === 'mixed').map(span)
    for (const stretch of day.stretches) {
      const own: Interval[] = [[stretch.start, stretch.end]]
      const length = stretch.end - stretch.start
      if (stretch.kind === 'mixed') {
        figures.mixedStretches++
        // flagged: at least 80 % of the stretch lies in entries flagged as mixed
        if (overlapMs(own, mixed) >= 0.8 * length) figures.mixedFlagged++
        if (mixed.some(([s, e]) => s <= stretch.start + 2 * MIN && e >= stretch.end - 2 * MIN)) figures.mixedOneEntry++
      } else if (stretch.kind === 'single') {
        figures.singleStretches++
        if (overlapMs(own, flagged) > 0) figures.singleFlagged++
      } else {
        figures.sameTypeStretches++
        if (overlapMs(own, flagged) > 0) figures.sameTypeFlagged++
      }
    }
  }
  figures.recall = truthMs > 0 ? hitMs / truthMs : 1
  figures.precision = billedMs > 0 ? hitMs / billedMs : 1
  return figures
}
