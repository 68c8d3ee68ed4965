// Builders for engine tests (not used by the app): readable signal streams in the seed format.
import { defaultSettings, type Settings } from '../../src/shared/domain'
import { suggestFromSignals } from '../../src/shared/heuristics/suggest'
import { engineConfig, type LearnedHint, type SuggestionResult } from '../../src/shared/heuristics/types'

export const T0 = Date.parse('2024-01-24T09:00:00Z')
export const MIN = 60_000

const SOURCE: Record<string, string> = {
  keyboard: 'keyboard',
  mouse_click: 'mouse',
  mouse_move: 'mouse',
  mouse_scroll: 'mouse',
  app_focus: 'window',
}

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
  return { timestamp: iso(atMs), app, type, source_type: SOURCE[type] ?? 'system', ...(title === undefined ? {} : { title }) }
}

/** Input every `everyMs` from `fromMs` to `toMs` inclusive. */
export function activity(fromMs: number, toMs: number, app: string, everyMs = 10_000, title?: string): TestSignal[] {
  const out: TestSignal[] = []
  for (let t = fromMs; t <= toMs; t += everyMs) out.push(signal(t, app, 'keyboard', title))
  return out
}

export function run(
  signals: readonly unknown[],
  options: { settings?: Partial<Settings>; idle?: number; merge?: number; learned?: LearnedHint[]; nowMs?: number } = {},
): SuggestionResult {
  const settings = { ...defaultSettings(), ...options.settings }
  return suggestFromSignals(
    signals,
    engineConfig(settings, { idle_threshold_minutes: options.idle, max_merge_idle_minutes: options.merge }, {
      learned: options.learned ?? [],
      ...(options.nowMs === undefined ? {} : { nowMs: options.nowMs }),
    }),
  )
}
