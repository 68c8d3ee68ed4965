// The seed contract's signal vocabulary is open: other capture tools name the same events
// differently (`scroll`, `app_switch`, source `app`). The signal registry (signalRegistry.ts)
// lists those names with each type, and this module reads them, so the engine, `cli import` and
// the ActivityWatch import read them alike. A name nobody maps is still activity: it counts by
// its source (or as generic input), and is reported once as a count, never as bad input.
import { SOURCE_TYPE_OF, SignalType, type SourceType } from './domain'
import { ownValue } from './ownValue'
import { SIGNAL_SPECS, SOURCE_ALIASES } from './signalRegistry'

/** Other tools' type names → ours, from the registry's aliases (signalRegistry.test.ts checks
 * no alias is claimed twice nor shadows a type name). */
const TYPE_ALIASES: Readonly<Record<string, SignalType>> = Object.fromEntries(
  SIGNAL_SPECS.flatMap((spec) => spec.aliases.map((alias) => [alias, spec.type])),
)

/** What input of an unknown type counts as, by its source: activity, never a boundary. */
const INPUT_OF_SOURCE: Readonly<Record<SourceType, SignalType>> = {
  keyboard: 'keyboard',
  mouse: 'mouse_click',
  window: 'app_focus',
  // The seed treats every signal as an event of activity; an unknown system event is read as
  // generic input, never as a boundary (idle, lock) that would end billable time.
  system: 'keyboard',
}

const key = (name: string) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/gu, '_')

/** Our name for a signal type, or null when nobody maps it. */
export function canonicalSignalType(name: string): SignalType | null {
  const k = key(name)
  const parsed = SignalType.safeParse(k)
  if (parsed.success) return parsed.data
  // own keys only: a type named `__proto__` or `constructor` is an unknown name, not a lookup
  return ownValue(TYPE_ALIASES, k) ?? null
}

/** Our name for a source type, or null when nobody maps it. */
export function canonicalSourceType(name: string): SourceType | null {
  return ownValue(SOURCE_ALIASES, key(name)) ?? null
}

export interface NormalizedSignalName {
  type: SignalType
  source_type: SourceType
  /** the type name was not ours nor a known alias: counted as activity by its source */
  unknownType: boolean
}

/**
 * Reads a signal's type and source the liberal way: aliases map to ours; an unknown type counts
 * as input of its source (or as generic input, `keyboard`, when the source is unknown too).
 */
export function normalizeSignalName(type: string, sourceType: string | null | undefined): NormalizedSignalName {
  const known = canonicalSignalType(type)
  const source = sourceType ? canonicalSourceType(sourceType) : null
  if (known) return { type: known, source_type: source ?? SOURCE_TYPE_OF[known], unknownType: false }
  const fallback = INPUT_OF_SOURCE[source ?? 'keyboard']
  return { type: fallback, source_type: source ?? SOURCE_TYPE_OF[fallback], unknownType: true }
}
