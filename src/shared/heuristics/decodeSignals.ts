// JS values (JSON.parse output, worker messages, tests) → SignalTable without a zod parse per
// signal. Only a usable timestamp and app are required; type and source names of other tools
// are mapped or counted (signalNames.ts, #12).
import { parseIsoUtc } from '../isoTime'
import {
  MAX_APP_LENGTH,
  MAX_TITLE_LENGTH,
  normalizeCount,
  SignalProblem,
  signalTypeCode,
  sourceTypeCode,
  SignalTableBuilder,
  type NameValue,
  type SignalTable,
} from './signalTable'

// Module-local copies of imported bindings used once per signal (under tsx each read of an
// imported binding is a getter call).
const parseIso = parseIsoUtc
const countOf = normalizeCount
const typeCodes = signalTypeCode
const sourceCodes = sourceTypeCode
const MAX_APP = MAX_APP_LENGTH
const NONE: number = SignalProblem.None

export function decodeSignals(signals: readonly unknown[]): SignalTable {
  const builder = new SignalTableBuilder(signals.length)
  for (const signal of signals) decodeOne(builder, signal)
  return builder.finish()
}

function decodeOne(builder: SignalTableBuilder, signal: unknown): void {
  if (typeof signal !== 'object' || signal === null || Array.isArray(signal)) {
    builder.push(Number.NaN, -1, -1, 1, -1, SignalProblem.NotObject)
    return
  }
  const record = signal as Record<string, unknown>
  const count = countOf(record.count)
  const ts = typeof record.timestamp === 'string' ? parseIso(record.timestamp) : Number.NaN
  const problem = findProblem(record, ts)
  if (problem !== NONE) {
    builder.push(Number.NaN, -1, -1, count, -1, problem)
    return
  }
  const title = record.title
  const titleIndex =
    typeof title === 'string' && title.length > 0 ? builder.internTitle(title.slice(0, MAX_TITLE_LENGTH)) : -1
  const app = builder.internApp(record.app as string)
  const type = record.type
  const source = record.source_type
  // Our own names (nearly every signal): straight to codes. Anything else (an alias, an unknown
  // or missing name) is read the liberal way and counted, never rejected (#12).
  const typeCode = typeof type === 'string' ? typeCodes.get(type) : undefined
  const sourceCode = typeof source === 'string' ? sourceCodes.get(source) : undefined
  if (typeCode !== undefined && sourceCode !== undefined) {
    builder.push(ts, app, typeCode, count, titleIndex, NONE, undefined, sourceCode)
    return
  }
  builder.resolveNames(nameValue(type), nameValue(source))
  builder.push(
    ts,
    app,
    builder.resolvedType,
    count,
    titleIndex,
    NONE,
    undefined,
    builder.resolvedSource,
    builder.resolvedTypeName,
    builder.resolvedSourceName,
  )
}

function nameValue(value: unknown): NameValue {
  if (value === undefined || value === null) return { text: null, isString: false }
  if (typeof value === 'string') return { text: value, isString: true }
  return { text: JSON.stringify(value), isString: false }
}

function findProblem(record: Record<string, unknown>, ts: number): number {
  const timestamp = record.timestamp
  if (timestamp === undefined || timestamp === null) return SignalProblem.MissingTimestamp
  if (Number.isNaN(ts)) return SignalProblem.BadTimestamp
  const app = record.app
  if (app === undefined || app === null) return SignalProblem.MissingApp
  if (typeof app !== 'string' || app.length === 0 || app.length > MAX_APP) return SignalProblem.BadApp
  return NONE
}
