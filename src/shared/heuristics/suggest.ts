// Batch entry point: a decoded request → the seed's task result. Validates every signal (only
// unusable ones are reported, never thrown), orders, drops exact duplicates (one summary item),
// then runs the fold once. Unknown type/source names are counted in `info` (#12).
import { decodeSignals } from './decodeSignals'
import { SuggestionFold } from './fold'
import { SignalProblem, type SignalTable } from './signalTable'
import type { EngineConfig, SuggestionInfo, SuggestionResult, VerificationItem } from './types'

/** The seed reports bad signals with this confidence ("Signal #2 missing timestamp field": 0.3). */
export const BAD_SIGNAL_CONFIDENCE = 0.3
/** Signals further than this past `nowMs` are rejected: a clock far ahead would bill the future. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000
/** More bad-signal items than this are summarised in one last item, so the output stays readable. */
export const MAX_SIGNAL_ITEMS = 1000

interface SignalIssue {
  index: number
  reason: string
  description: string
}

function problemIssue(table: SignalTable, index: number): SignalIssue {
  const n = `Signal #${index + 1}`
  const detail = table.problemDetail.get(index)
  switch (table.problem[index] as SignalProblem) {
    case SignalProblem.NotObject:
      return { index, reason: 'Signal malformed', description: `${n} is not an object` }
    case SignalProblem.MissingTimestamp:
      return { index, reason: 'Signal timestamp missing', description: `${n} missing timestamp field` }
    case SignalProblem.BadTimestamp:
      return {
        index,
        reason: 'Signal timestamp invalid',
        description: `${n} timestamp is not UTC ISO-8601 (e.g. 2024-01-24T09:00:00Z)`,
      }
    case SignalProblem.MissingApp:
      return { index, reason: 'Signal app missing', description: `${n} missing app field` }
    case SignalProblem.BadApp:
      return { index, reason: 'Signal app invalid', description: `${n} app is not a name of 1 to 128 characters` }
    case SignalProblem.MissingType:
      return { index, reason: 'Signal type missing', description: `${n} missing type field` }
    case SignalProblem.BadType:
      return { index, reason: 'Signal type unknown', description: `${n} has unknown type '${detail ?? ''}'` }
    case SignalProblem.MissingSource:
      return { index, reason: 'Signal source type missing', description: `${n} missing source_type field` }
    default:
      return {
        index,
        reason: 'Signal source type unknown',
        description: `${n} has unknown source_type '${detail ?? ''}'`,
      }
  }
}

/** Indices of usable signals in time order (stable: ties keep input order). The seed requires no
 * order (#23): signals earlier than one before them are only marked in `late`, to be counted. */
function timeOrder(table: SignalTable, usable: Uint8Array, late: Uint8Array): Int32Array {
  const n = table.length
  let count = 0
  let sorted = true
  let latest = Number.NEGATIVE_INFINITY
  let min = Number.POSITIVE_INFINITY
  for (let i = 0; i < n; i++) {
    if (!usable[i]) continue
    const ts = table.ts[i] as number
    count++
    if (ts < latest) {
      sorted = false
      late[i] = 1
    } else {
      latest = ts
    }
    if (ts < min) min = ts
  }
  const order = new Int32Array(count)
  let k = 0
  for (let i = 0; i < n; i++) if (usable[i]) order[k++] = i
  if (sorted) return order
  // Pack (time, index) into one double when it fits exactly: a typed-array numeric sort is
  // several times faster than a comparator sort of a million indices.
  const indexBits = Math.ceil(Math.log2(n + 1))
  const scale = 2 ** indexBits
  if ((latest - min + 1) * scale < Number.MAX_SAFE_INTEGER) {
    const keys = new Float64Array(count)
    for (let j = 0; j < count; j++) {
      const i = order[j] as number
      keys[j] = ((table.ts[i] as number) - min) * scale + i
    }
    keys.sort()
    for (let j = 0; j < count; j++) order[j] = (keys[j] as number) % scale
    return order
  }
  return order.sort((a, b) => (table.ts[a] as number) - (table.ts[b] as number) || a - b)
}

export function suggestFromTable(table: SignalTable, config: EngineConfig): SuggestionResult {
  const n = table.length
  const issues: SignalIssue[] = []
  const usable = new Uint8Array(n)
  const futureLimit = config.nowMs === undefined ? Number.POSITIVE_INFINITY : config.nowMs + FUTURE_TOLERANCE_MS
  const none: number = SignalProblem.None
  for (let i = 0; i < n; i++) {
    if (table.problem[i] !== none) {
      issues.push(problemIssue(table, i))
    } else if ((table.ts[i] as number) > futureLimit) {
      issues.push({
        index: i,
        reason: 'Signal timestamp in the future',
        description: `Signal #${i + 1} timestamp is later than now`,
      })
    } else {
      usable[i] = 1
    }
  }
  // An exact duplicate that is also out of order is only counted as a duplicate.
  const late = new Uint8Array(n)
  const order = timeOrder(table, usable, late)
  let outOfOrder = 0

  const fold = new SuggestionFold(config)
  const appMap = new Int32Array(table.apps.length).fill(-1)
  const titleMap = new Int32Array(table.titles.length).fill(-1)
  // Duplicates are exact repeats only: same millisecond, app, type and source (an unknown type
  // by its name). Many distinct events in one second are ordinary input (#12).
  let instant = Number.NaN
  // (app, type, source, name) of the current millisecond; rarely more than a few.
  let seen = new Float64Array(64)
  let seenIndex = new Int32Array(64)
  let seenCount = 0
  let duplicates = 0
  let firstDuplicate = -1
  let firstDuplicateOf = -1
  const unknownCounts = new Map<number, number>()
  for (let j = 0; j < order.length; j++) {
    const i = order[j] as number
    const ts = table.ts[i] as number
    const tableApp = table.app[i] as number
    const type = table.type[i] as number
    if (ts !== instant) {
      instant = ts
      seenCount = 0
    }
    const typeName = table.typeName[i] as number
    const sourceName = table.sourceName[i] as number
    const dedupeKey = ((tableApp * 256 + (typeName + 1)) * 16 + type) * 8 + (table.source[i] as number)
    let earlier = -1
    for (let k = 0; k < seenCount; k++) {
      if (seen[k] === dedupeKey) {
        earlier = seenIndex[k] as number
        break
      }
    }
    if (earlier >= 0) {
      duplicates++
      if (firstDuplicate < 0 || i < firstDuplicate) {
        firstDuplicate = i
        firstDuplicateOf = earlier
      }
      continue
    }
    if (seenCount === seen.length) {
      const grownSeen = new Float64Array(seenCount * 2)
      grownSeen.set(seen)
      seen = grownSeen
      const grownIndex = new Int32Array(seenCount * 2)
      grownIndex.set(seenIndex)
      seenIndex = grownIndex
    }
    seen[seenCount] = dedupeKey
    seenIndex[seenCount++] = i
    outOfOrder += late[i] as number
    if (typeName >= 0) unknownCounts.set(typeName, (unknownCounts.get(typeName) ?? 0) + 1)
    if (sourceName >= 0) unknownCounts.set(-2 - sourceName, (unknownCounts.get(-2 - sourceName) ?? 0) + 1)
    let app = appMap[tableApp] as number
    if (app < 0) app = appMap[tableApp] = fold.internApp(table.apps[tableApp] as string)
    const tableTitle = table.title[i] as number
    let title = -1
    if (tableTitle >= 0) {
      title = titleMap[tableTitle] as number
      if (title < 0) title = titleMap[tableTitle] = fold.internTitle(table.titles[tableTitle] as string)
    }
    fold.push(ts, app, type, title)
  }
  const finished = fold.finish()

  const verification: VerificationItem[] = issues
    .slice(0, MAX_SIGNAL_ITEMS)
    .map(({ reason, description }) => ({ confidence: BAD_SIGNAL_CONFIDENCE, reason, description }))
  if (issues.length > MAX_SIGNAL_ITEMS) {
    verification.push({
      confidence: BAD_SIGNAL_CONFIDENCE,
      reason: 'More signal problems',
      description: `${issues.length - MAX_SIGNAL_ITEMS} more signals with problems not listed`,
    })
  }
  if (duplicates > 0) {
    // One summary, not one item per repeat: nothing is lost (each is counted once), so the
    // status stays `success`.
    verification.push({
      confidence: BAD_SIGNAL_CONFIDENCE,
      reason: 'Duplicate signals',
      description: `${duplicates} signal${duplicates === 1 ? '' : 's'} exactly repeat${duplicates === 1 ? 's' : ''} an earlier one (same timestamp, app, type and source) and ${duplicates === 1 ? 'was' : 'were'} counted once (first: signal #${firstDuplicate + 1} repeats #${firstDuplicateOf + 1})`,
    })
  }
  finished.forEach(({ verification: item }, index) => {
    if (item) verification.push({ ...item, entry_index: index })
  })
  const result: SuggestionResult = {
    status: issues.length > 0 ? 'partial_success' : 'success',
    suggested_count: finished.length,
    verification_required: verification,
    entries: finished.map((f) => f.entry),
  }
  const info = resultInfo(table, unknownCounts, duplicates, outOfOrder)
  if (info) result.info = info
  return result
}

/** What was read liberally or counted once (#12): informational, never a verification item. */
function resultInfo(
  table: SignalTable,
  unknownCounts: Map<number, number>,
  duplicates: number,
  outOfOrder: number,
): SuggestionInfo | null {
  if (unknownCounts.size === 0 && duplicates === 0 && outOfOrder === 0) return null
  const types: Array<[string, number]> = []
  const sources: Array<[string, number]> = []
  for (const [id, count] of unknownCounts) {
    if (id >= 0) types.push([table.unknownNames[id] as string, count])
    else sources.push([table.unknownNames[-2 - id] as string, count])
  }
  const byName = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
  const info: SuggestionInfo = {}
  // Object.fromEntries defines own properties, so a name like `__proto__` is an ordinary key.
  if (types.length > 0) info.unknown_signal_types = Object.fromEntries(types.sort(byName)) as Record<string, number>
  if (sources.length > 0) info.unknown_source_types = Object.fromEntries(sources.sort(byName)) as Record<string, number>
  if (duplicates > 0) info.duplicate_signals = duplicates
  if (outOfOrder > 0) info.out_of_order_signals = outOfOrder
  return info
}

export function suggestFromSignals(signals: readonly unknown[], config: EngineConfig): SuggestionResult {
  return suggestFromTable(decodeSignals(signals), config)
}
