// JS values (JSON.parse output, worker messages, tests) → SignalTable, checking each field the
// way the seed's SeedSignal/LocalSignal schemas do, without a zod parse per signal.
import { parseIsoUtc } from './isoTime'
import {
  MAX_APP_LENGTH,
  MAX_TITLE_LENGTH,
  normalizeCount,
  SignalProblem,
  signalTypeCode,
  sourceTypeCode,
  SignalTableBuilder,
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
    const value = problem === SignalProblem.BadType ? record.type : problem === SignalProblem.BadSource ? record.source_type : undefined
    const detail = value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value)
    builder.push(Number.NaN, -1, -1, count, -1, problem, detail)
    return
  }
  const title = record.title
  const titleIndex = typeof title === 'string' && title.length > 0 ? builder.internTitle(title.slice(0, MAX_TITLE_LENGTH)) : -1
  builder.push(
    ts,
    builder.internApp(record.app as string),
    typeCodes.get(record.type as string) as number,
    count,
    titleIndex,
    NONE,
  )
}

function findProblem(record: Record<string, unknown>, ts: number): number {
  const timestamp = record.timestamp
  if (timestamp === undefined || timestamp === null) return SignalProblem.MissingTimestamp
  if (Number.isNaN(ts)) return SignalProblem.BadTimestamp
  const app = record.app
  if (app === undefined || app === null) return SignalProblem.MissingApp
  if (typeof app !== 'string' || app.length === 0 || app.length > MAX_APP) return SignalProblem.BadApp
  const type = record.type
  if (type === undefined || type === null) return SignalProblem.MissingType
  if (typeof type !== 'string' || !typeCodes.has(type)) return SignalProblem.BadType
  const source = record.source_type
  if (source === undefined || source === null) return SignalProblem.MissingSource
  if (typeof source !== 'string' || !sourceCodes.has(source)) return SignalProblem.BadSource
  return NONE
}
