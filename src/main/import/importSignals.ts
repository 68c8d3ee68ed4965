// Over 350 lines on purpose: every signal of both formats goes through one judging loop here.
// Imports of signals recorded elsewhere: a seed ingest request body (`{"activity_signals": [...]}`)
// or an ActivityWatch export (activityWatch.ts). Every signal is judged on its own and the import
// keeps what is usable:
// - other tools' type/source names go through normalizeSignalName (src/shared/signalNames.ts):
//   aliases map to ours, an unknown name still counts as input of its source and is only
//   reported (`unknown_types`), never skipped;
// - skipped (with index and reason) are only signals nobody can use: not an object, a missing or
//   unparsable timestamp, a missing app, a time more than 5 minutes in the future (the engine
//   would ignore it for good);
// - apps get the capture's app-id rules (built-in map + Settings.app_aliases), excluded apps are
//   dropped as capture drops them, titles go through the same redaction rules (and only when
//   title capture is on), and are kept on app_focus signals only, as capture stores them.
// `strict` keeps the old all-or-nothing reading: any skipped signal or unknown type name and
// nothing is written.
import { z } from 'zod'
import { SOURCE_TYPE_OF, type Settings, type SignalType, type SourceType } from '../../shared/domain'
import { normalizeSignalName } from '../../shared/signalNames'
import { SIGNAL_REGISTRY } from '../../shared/signalRegistry'
import { isExcluded, normalizeAppId } from '../../shared/appId'
import { createTitleRedactor, type TitleRedactor } from '../../shared/titleRedaction'
import { parseIsoUtc, isoSeconds } from '../../shared/isoTime'
import {
  normalizeCount,
  SIGNAL_TYPES,
  SignalProblem,
  SOURCE_TYPES,
  type SignalTable,
} from '../../shared/heuristics/signalTable'
import type { WritableDB } from '../store/database'
import { upsertSignals, type SignalRecord } from '../store/signals'
import { activityWatchSteps, type ActivityWatchInfo } from './activityWatch'
import { ITEMS_PER_STEP, runSteps, type Steps } from './importSteps'

export const IngestBody = z.object({ activity_signals: z.array(z.unknown()) }).passthrough()

export type ImportFormat = 'seed' | 'activitywatch'

/** Skipped signals listed one by one in a report; `skipped_total` counts all of them. */
export const MAX_SKIPPED_LISTED = 100
/** Signals dated further ahead than this are skipped (the engine skips them for good too). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000

export interface SkippedSignal {
  index: number
  reason: string
}

export interface ImportReport {
  format: ImportFormat
  /** signals written (0 when a strict import was rejected) */
  imported: number
  /** the first MAX_SKIPPED_LISTED skipped signals, by input index */
  skipped: SkippedSignal[]
  skipped_total: number
  /** type names that are neither ours nor a known alias, with how often: imported as input of their source */
  unknown_types: Record<string, number>
  /** other tools' names mapped to ours, with how often (informational) */
  aliased_types: Record<string, number>
  /** signals of apps on the exclusion list: not stored, as capture does not record them */
  excluded: number
  /** first and last imported signal, UTC ISO seconds */
  first_at: string | null
  last_at: string | null
  strict: boolean
  /** strict and something was not clean: nothing was written */
  rejected: boolean
  activitywatch?: ActivityWatchInfo
  /** the CLI's resumable imports: signals an earlier run of the same input had written (not written again) */
  resumed_from?: number
  /** the CLI's resumable imports: stopped by the user between two chunks; run it again to continue */
  interrupted?: boolean
}

export interface ImportOptions {
  settings: Settings
  nowMs: number
  strict?: boolean
  /** writes the usable signals (default: all of them in one transaction); the CLI writes them
   * itself, in chunks it can stop between (import/resumableImport.ts) */
  write?: (records: readonly SignalRecord[]) => void
}

/** A usable signal before the app-id, exclusion and redaction rules. */
export interface ImportSignal {
  tsMs: number
  /** app or owner name as the other tool wrote it */
  app: string
  type: SignalType
  source_type: SourceType
  count: number
  title: string | null
}

/** The input cannot be imported at all (not JSON, not the expected shape, too big). */
export class ImportInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportInputError'
  }
}

const bump = (map: Record<string, number>, key: string) => {
  map[key] = (map[key] ?? 0) + 1
}

/** Collects one import: checks, normalises, counts, then writes in one call. */
export class ImportCollector {
  private readonly records: SignalRecord[] = []
  private readonly skippedList: SkippedSignal[] = []
  private skippedTotal = 0
  private excluded = 0
  private readonly unknownTypes: Record<string, number> = Object.create(null) as Record<string, number>
  private readonly aliasedTypes: Record<string, number> = Object.create(null) as Record<string, number>
  private readonly redactor: TitleRedactor
  private readonly appIds = new Map<string, string>()
  private firstTs = Number.POSITIVE_INFINITY
  private lastTs = Number.NEGATIVE_INFINITY

  constructor(private readonly options: ImportOptions) {
    this.redactor = createTitleRedactor(options.settings.redaction_rules)
  }

  skip(index: number, reason: string): void {
    this.skippedTotal++
    if (this.skippedList.length < MAX_SKIPPED_LISTED) this.skippedList.push({ index, reason })
  }

  /** A type name neither ours nor an alias (imported as input of its source), for the report. */
  countUnknownType(name: string): void {
    bump(this.unknownTypes, name.slice(0, 40))
  }

  /** One element of a seed request's `activity_signals`, read liberally. */
  addObject(raw: unknown, index: number): void {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return this.skip(index, 'not an object')
    const record = raw as Record<string, unknown>
    const timestamp = record.timestamp
    if (timestamp === undefined || timestamp === null) return this.skip(index, 'timestamp: missing')
    const tsMs = typeof timestamp === 'string' ? parseTimestamp(timestamp) : Number.NaN
    if (Number.isNaN(tsMs)) return this.skip(index, `timestamp: not an ISO-8601 time: ${preview(timestamp)}`)
    const app = record.app
    if (app === undefined || app === null || (typeof app === 'string' && app.trim() === ''))
      return this.skip(index, 'app: missing')
    if (typeof app !== 'string') return this.skip(index, `app: not a string: ${preview(app)}`)
    const typeName = typeof record.type === 'string' ? record.type : ''
    const sourceName = typeof record.source_type === 'string' ? record.source_type : null
    const name = normalizeSignalName(typeName, sourceName)
    if (name.unknownType) this.countUnknownType(typeName === '' ? '(missing)' : typeName)
    else if (typeName !== name.type) bump(this.aliasedTypes, typeName.slice(0, 40))
    const title = typeof record.title === 'string' && record.title !== '' ? record.title : null
    this.add(index, {
      tsMs,
      app,
      type: name.type,
      source_type: name.source_type,
      count: normalizeCount(record.count),
      title,
    })
  }

  /** A signal whose fields are already read; the time, app and title rules still apply. */
  add(index: number, signal: ImportSignal): void {
    if (signal.tsMs > this.options.nowMs + FUTURE_TOLERANCE_MS) {
      return this.skip(index, `timestamp: in the future (${isoSeconds(signal.tsMs)})`)
    }
    const { settings } = this.options
    let app = this.appIds.get(signal.app)
    if (app === undefined) {
      app = normalizeAppId(signal.app, settings.app_aliases)
      this.appIds.set(signal.app, app)
    }
    if (isExcluded(app, settings.excluded_apps, settings.app_aliases)) {
      this.excluded++
      return
    }
    const title =
      SIGNAL_REGISTRY[signal.type].title && settings.title_capture ? this.redactor.redact(app, signal.title) : null
    const ts = Math.floor(signal.tsMs / 1000)
    this.firstTs = Math.min(this.firstTs, ts)
    this.lastTs = Math.max(this.lastTs, ts)
    this.records.push({
      ts,
      app,
      type: signal.type,
      ...(signal.source_type === SOURCE_TYPE_OF[signal.type] ? {} : { source_type: signal.source_type }),
      count: signal.count,
      title,
    })
  }

  /** `db` null: the records go to `options.write` only (the import worker has no database). */
  finish(db: WritableDB | null, format: ImportFormat, extra: Partial<ImportReport> = {}): ImportReport {
    const strict = this.options.strict === true
    const rejected = strict && (this.skippedTotal > 0 || Object.keys(this.unknownTypes).length > 0)
    const write = this.options.write ?? (db ? (records: readonly SignalRecord[]) => upsertSignals(db, records) : null)
    if (!write) throw new Error('ImportCollector.finish: no database and no write')
    if (!rejected) write(this.records)
    const any = !rejected && this.records.length > 0
    return {
      format,
      imported: rejected ? 0 : this.records.length,
      skipped: this.skippedList,
      skipped_total: this.skippedTotal,
      unknown_types: { ...this.unknownTypes },
      aliased_types: { ...this.aliasedTypes },
      excluded: this.excluded,
      first_at: any ? isoSeconds(this.firstTs * 1000) : null,
      last_at: any ? isoSeconds(this.lastTs * 1000) : null,
      strict,
      rejected,
      ...extra,
    }
  }
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/u

/** Epoch ms of a UTC ISO-8601 time (the seed's format), or with an explicit offset as other
 * tools write it (`2024-01-24T09:00:00.123456+00:00`); NaN for anything else (no zone = no time). */
export function parseTimestamp(text: string): number {
  const utc = parseIsoUtc(text)
  if (!Number.isNaN(utc)) return utc
  const match = ISO_WITH_ZONE.exec(text)
  if (!match) return Number.NaN
  // Date.parse wants at most milliseconds: cut longer fractions (ActivityWatch writes microseconds).
  const fraction = match[1] ?? ''
  const normalised = fraction.length > 4 ? text.replace(fraction, fraction.slice(0, 4)) : text
  return Date.parse(normalised)
}

const preview = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

/** A parsed seed ingest request body, in one go. */
export const importIngestBody = (db: WritableDB, body: unknown, options: ImportOptions): ImportReport =>
  runSteps(ingestBodySteps(db, body, options))
/** A parsed ActivityWatch export, in one go. */
export const importActivityWatch = (db: WritableDB, data: unknown, options: ImportOptions): ImportReport =>
  runSteps(activityWatchImportSteps(db, data, options))
/** A SignalTable from the streaming reader, in one go. */
export const importSignalTable = (db: WritableDB, table: SignalTable, options: ImportOptions): ImportReport =>
  runSteps(signalTableSteps(db, table, options))

/** A parsed seed ingest request body. */
function* ingestBodySteps(db: WritableDB | null, body: unknown, options: ImportOptions): Steps<ImportReport> {
  const parsed = IngestBody.safeParse(body)
  if (!parsed.success)
    throw new ImportInputError('input is not an ingest request body: expected {"activity_signals": [...]}')
  const collector = new ImportCollector(options)
  const signals = parsed.data.activity_signals
  for (let index = 0; index < signals.length; index++) {
    collector.addObject(signals[index], index)
    if (index % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield
  }
  return collector.finish(db, 'seed')
}

/** A parsed ActivityWatch export (`GET /api/0/export`). */
function* activityWatchImportSteps(db: WritableDB | null, data: unknown, options: ImportOptions): Steps<ImportReport> {
  const collector = new ImportCollector(options)
  const info = yield* activityWatchSteps(data, collector)
  return collector.finish(db, 'activitywatch', { activitywatch: info })
}

/** Which format a parsed document is, by its top-level keys. */
export function detectFormat(data: unknown): ImportFormat | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null
  if ('activity_signals' in data) return 'seed'
  if ('buckets' in data) return 'activitywatch'
  return null
}

/** JSON text of either format ('auto' tells them apart by their top-level keys), in one go. */
export const importText = (
  db: WritableDB,
  text: string,
  format: ImportFormat | 'auto',
  options: ImportOptions,
): ImportReport => runSteps(importTextSteps(db, text, format, options))

/** JSON text of either format, in steps (importSteps.ts). */
export function* importTextSteps(
  db: WritableDB | null,
  text: string,
  format: ImportFormat | 'auto',
  options: ImportOptions,
): Steps<ImportReport> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/gu, ' ').slice(0, 200)
    throw new ImportInputError(`input is not JSON: ${reason}`)
  }
  const chosen = format === 'auto' ? detectFormat(data) : format
  if (chosen === null) {
    throw new ImportInputError(
      'input is neither a seed ingest request ({"activity_signals": [...]}) nor an ActivityWatch export ({"buckets": {...}})',
    )
  }
  return yield* chosen === 'seed' ? ingestBodySteps(db, data, options) : activityWatchImportSteps(db, data, options)
}

const PROBLEM_REASONS: Record<number, string> = {
  [SignalProblem.NotObject]: 'not an object',
  [SignalProblem.MissingTimestamp]: 'timestamp: missing',
  [SignalProblem.BadTimestamp]: 'timestamp: not a UTC ISO-8601 time',
  [SignalProblem.MissingApp]: 'app: missing',
  [SignalProblem.BadApp]: 'app: not a usable app id',
  [SignalProblem.MissingType]: 'type: missing',
  [SignalProblem.BadType]: 'type: not usable',
  [SignalProblem.MissingSource]: 'source_type: missing',
  [SignalProblem.BadSource]: 'source_type: not usable',
}

/**
 * A seed request already read into a SignalTable by the streaming reader (inputs too big for
 * JSON.parse). Signals the reader marks with a problem are skipped with its reason; the rest get
 * the same time, app and title rules as above (aliases are already mapped by the reader, so
 * `aliased_types` stays empty on this path).
 */
export function* signalTableSteps(
  db: WritableDB | null,
  table: SignalTable,
  options: ImportOptions,
): Steps<ImportReport> {
  const collector = new ImportCollector(options)
  for (let i = 0; i < table.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield
    const problem = table.problem[i] as number
    if (problem !== SignalProblem.None) {
      const detail = table.problemDetail.get(i)
      collector.skip(
        i,
        `${PROBLEM_REASONS[problem] ?? 'unusable'}${detail === undefined ? '' : `: ${JSON.stringify(detail)}`}`,
      )
      continue
    }
    const type = SIGNAL_TYPES[table.type[i] as number] as SignalType
    const titleIndex = table.title[i] as number
    // The reader maps other tools' names as normalizeSignalName does and keeps the unknown ones.
    const unknownName = table.typeName[i] as number
    if (unknownName >= 0) collector.countUnknownType(table.unknownNames[unknownName] ?? '(other)')
    const source = table.source[i] as number
    collector.add(i, {
      tsMs: table.ts[i] as number,
      app: table.apps[table.app[i] as number] as string,
      type,
      source_type: source >= 0 ? (SOURCE_TYPES[source] as SourceType) : SOURCE_TYPE_OF[type],
      count: table.count[i] as number,
      title: titleIndex >= 0 ? (table.titles[titleIndex] ?? null) : null,
    })
  }
  return collector.finish(db, 'seed')
}
