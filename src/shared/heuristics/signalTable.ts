// Signals as columns (typed arrays plus interned strings): a million signals fit in a few tens
// of megabytes and the engine never allocates per signal. Both decoders (JS objects, raw JSON
// bytes) fill the same table, so they cannot disagree about what a valid signal is.
import { SignalType, SOURCE_TYPE_OF, SourceType } from '../domain'
import { canonicalSourceType, normalizeSignalName } from '../signalNames'
import { Interner } from './interner'
import { PRESENCE_MEANING, type PresenceMeaning } from '../presence'

export const SIGNAL_TYPES = SignalType.options
export const SOURCE_TYPES = SourceType.options
export const signalTypeCode = new Map<string, number>(SIGNAL_TYPES.map((name, code) => [name, code]))
export const sourceTypeCode = new Map<string, number>(SOURCE_TYPES.map((name, code) => [name, code]))

/** What a signal is to the engine: the presence model's meaning (src/shared/presence.ts). */
export const enum SignalKind {
  /** keyboard, mouse, focus change, presence: the user is at the machine, working in `app` */
  Input = 0,
  /** lock, suspend, shutdown: activity ended at the last input before it */
  Break = 1,
  /** idle_start/idle_end, unlock, resume: facts only; the presence rules judge the quiet stretch */
  Neutral = 2,
}

const KIND_OF_MEANING: Record<PresenceMeaning, SignalKind> = {
  input: SignalKind.Input,
  leave: SignalKind.Break,
  fact: SignalKind.Neutral,
}
export const KIND_BY_CODE: readonly SignalKind[] = SIGNAL_TYPES.map((name) => KIND_OF_MEANING[PRESENCE_MEANING[name]])

/** Why a signal cannot be used; the first problem found (fields in seed order) wins. Since #12
 * only NotObject, the timestamp and the app make a signal unusable: a missing or unknown type or
 * source is read liberally (signalNames.ts) and only counted. The type/source values stay for
 * readers of older tables (`cli import` maps them to reasons). */
export const enum SignalProblem {
  None = 0,
  NotObject = 1,
  MissingTimestamp = 2,
  BadTimestamp = 3,
  MissingApp = 4,
  BadApp = 5,
  MissingType = 6,
  BadType = 7,
  MissingSource = 8,
  BadSource = 9,
}

export const MAX_APP_LENGTH = 128
export const MAX_TITLE_LENGTH = 1024

export interface SignalTable {
  readonly length: number
  /** epoch milliseconds; NaN when the signal has a problem */
  readonly ts: Float64Array
  /** index into `apps`, -1 when unusable */
  readonly app: Int32Array
  /** index into SIGNAL_TYPES (our name, after aliases), -1 when unusable */
  readonly type: Int8Array
  /** index into SOURCE_TYPES (after aliases), -1 when unusable */
  readonly source: Int8Array
  /** index into `unknownNames` when the type was neither ours nor an alias (counted), else -1 */
  readonly typeName: Int32Array
  /** index into `unknownNames` when the source was neither ours nor an alias, else -1 */
  readonly sourceName: Int32Array
  /** raw events coalesced into the signal (local extra, 1 when absent) */
  readonly count: Uint32Array
  /** index into `titles`, -1 when none */
  readonly title: Int32Array
  readonly problem: Uint8Array
  /** offending values for BadType/BadSource, by signal index (shown in the verification item) */
  readonly problemDetail: ReadonlyMap<number, string>
  readonly apps: readonly string[]
  readonly titles: readonly string[]
  /** unknown type/source names as sent (cut to 40 characters; `(missing)` when absent) */
  readonly unknownNames: readonly string[]
}

/** At most this many distinct unknown names are kept; further ones count as `(other)`. */
export const MAX_UNKNOWN_NAMES = 100
export const MISSING_NAME = '(missing)'
export const OTHER_NAME = '(other)'
/** Each type's usual source, by code. */
export const SOURCE_CODE_OF_TYPE: readonly number[] = SIGNAL_TYPES.map(
  (name) => sourceTypeCode.get(SOURCE_TYPE_OF[name]) as number,
)

/** A type or source value as read: text, or the JSON of a non-string value, or null when absent. */
export interface NameValue {
  text: string | null
  /** the value was a JSON string (only strings can be our names or aliases) */
  isString: boolean
}

/** Rows filled with a plain signal's defaults at a time when the reader's reserve runs out. */
const DEFAULTS_BLOCK = 8192

/** Growable columns; `finish()` trims them to length. */
export class SignalTableBuilder {
  length = 0
  private capacity: number
  ts: Float64Array
  app: Int32Array
  type: Int8Array
  count: Uint32Array
  title: Int32Array
  problem: Uint8Array
  source: Int8Array
  typeName: Int32Array
  sourceName: Int32Array
  readonly problemDetail = new Map<number, string>()
  readonly apps: string[] = []
  private readonly titleIds = new Interner()
  readonly titles: string[] = this.titleIds.values
  private readonly unknownIds = new Interner()
  readonly unknownNames: string[] = this.unknownIds.values
  /** resolved (type, source, typeName, sourceName) by the names as read */
  private readonly resolved = new Map<string, readonly [number, number, number, number]>()
  private readonly appIndex = new Map<string, number>()

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity)
    this.ts = new Float64Array(this.capacity)
    this.app = new Int32Array(this.capacity)
    this.type = new Int8Array(this.capacity)
    this.count = new Uint32Array(this.capacity)
    this.title = new Int32Array(this.capacity)
    this.problem = new Uint8Array(this.capacity)
    this.source = new Int8Array(this.capacity)
    this.typeName = new Int32Array(this.capacity)
    this.sourceName = new Int32Array(this.capacity)
  }

  private lastAppName = ''
  private lastAppIndex = -1

  internApp(name: string): number {
    if (name === this.lastAppName) return this.lastAppIndex
    let index = this.appIndex.get(name)
    if (index === undefined) {
      index = this.apps.length
      this.apps.push(name)
      this.appIndex.set(name, index)
    }
    this.lastAppName = name
    this.lastAppIndex = index
    return index
  }

  internTitle(title: string): number {
    return this.titleIds.intern(title)
  }

  private unknownName(text: string | null): number {
    const name = text === null ? MISSING_NAME : text.slice(0, 40)
    if (this.unknownIds.values.length >= MAX_UNKNOWN_NAMES && !this.unknownIds.values.includes(name))
      return this.unknownIds.intern(OTHER_NAME)
    return this.unknownIds.intern(name)
  }

  /**
   * Type and source names that are not exactly ours (aliases, unknown names, missing or
   * non-string values) → codes, the liberal way (signalNames.ts). Sets `resolvedType` etc.; a
   * name pair is resolved once.
   */
  resolveNames(type: NameValue, source: NameValue): void {
    const cacheKey = `${type.isString ? 's' : 'j'}${type.text ?? ''}\u0000${type.text === null ? 'n' : ''}${source.isString ? 's' : 'j'}${source.text ?? ''}\u0000${source.text === null ? 'n' : ''}`
    let hit = this.resolved.get(cacheKey)
    if (hit === undefined) {
      // Only strings can be names; a number or object reads as an unknown name (its JSON).
      const typeText = type.isString ? type.text : null
      const sourceText = source.isString ? source.text : null
      const normalized = normalizeSignalName(typeText ?? '\u0000', sourceText)
      const typeCode = signalTypeCode.get(normalized.type) as number
      const sourceCode = sourceTypeCode.get(normalized.source_type) as number
      const typeName = normalized.unknownType ? this.unknownName(type.text) : -1
      // A missing source is harmless (the type tells it); a source nobody maps is counted.
      const sourceKnown = source.text === null || (sourceText !== null && canonicalSourceType(sourceText) !== null)
      const sourceName = sourceKnown ? -1 : this.unknownName(source.text)
      hit = [typeCode, sourceCode, typeName, sourceName] as const
      if (this.resolved.size >= 10_000) this.resolved.clear()
      this.resolved.set(cacheKey, hit)
    }
    this.resolvedType = hit[0]
    this.resolvedSource = hit[1]
    this.resolvedTypeName = hit[2]
    this.resolvedSourceName = hit[3]
  }

  resolvedType = 0
  resolvedSource = 0
  resolvedTypeName = -1
  resolvedSourceName = -1

  /** A usable signal; `source` defaults to the type's own source (our names, no unknown names). */
  push(
    ts: number,
    app: number,
    type: number,
    count: number,
    title: number,
    problem: SignalProblem,
    detail?: string,
    source = -1,
    typeName = -1,
    sourceName = -1,
  ): void {
    if (this.length === this.capacity) this.grow()
    const i = this.length++
    const ok = problem === 0 // SignalProblem.None (a literal: this runs once per signal)
    this.ts[i] = ok ? ts : Number.NaN
    this.app[i] = ok ? app : -1
    this.type[i] = ok ? type : -1
    this.source[i] = ok ? (source >= 0 ? source : (SOURCE_CODE_OF_TYPE[type] as number)) : -1
    this.typeName[i] = ok ? typeName : -1
    this.sourceName[i] = ok ? sourceName : -1
    this.count[i] = count
    this.title[i] = ok ? title : -1
    this.problem[i] = problem
    if (detail !== undefined) this.problemDetail.set(i, detail.slice(0, 40))
  }

  /** A usable signal with our exact names, count 1 and no title: the byte reader's common case.
   * The columns it leaves at their defaults were filled ahead (reserveDefaults); past them (a
   * request that mixes other layouts in), a block at a time here. */
  pushPlain(ts: number, app: number, type: number, source: number): void {
    if (this.length >= this.defaultsEnd) this.defaultsRanOut()
    const i = this.length++
    this.ts[i] = ts
    this.app[i] = app
    this.type[i] = type
    this.source[i] = source
  }

  /** Rows from `length` to this hold a plain signal's defaults in typeName, sourceName, count,
   * title and problem (push writes every column of its row; grow keeps them). */
  private defaultsEnd = 0

  /**
   * The next `rows` rows set to a plain signal's defaults at once, before they are pushed: a fill
   * is many times faster than five stores a row, and the byte reader asks for what the bytes it
   * holds can make (so a table made for a million signals costs only the pages its rows use). It
   * asks outside its loop: a branch an optimised loop has not seen taken throws the loop's
   * compiled code away when it is, and pushPlain's would be taken for the first time mid-input.
   */
  reserveDefaults(rows: number): void {
    const end = Math.min(this.capacity, this.length + rows)
    if (end > this.defaultsEnd) this.fillDefaults(end)
  }

  private defaultsRanOut(): void {
    if (this.length === this.capacity) this.grow()
    this.fillDefaults(Math.min(this.capacity, this.length + DEFAULTS_BLOCK))
  }

  private fillDefaults(end: number): void {
    const start = Math.max(this.length, this.defaultsEnd)
    this.typeName.fill(-1, start, end)
    this.sourceName.fill(-1, start, end)
    this.count.fill(1, start, end)
    this.title.fill(-1, start, end)
    // problem stays 0: no row past `length` is written before it is pushed
    this.defaultsEnd = end
  }

  private grow(): void {
    const n = (this.capacity *= 2)
    this.ts = enlarged(this.ts, n)
    this.app = enlarged(this.app, n)
    this.type = enlarged(this.type, n)
    this.count = enlarged(this.count, n)
    this.title = enlarged(this.title, n)
    this.problem = enlarged(this.problem, n)
    this.source = enlarged(this.source, n)
    this.typeName = enlarged(this.typeName, n)
    this.sourceName = enlarged(this.sourceName, n)
  }

  finish(): SignalTable {
    const n = this.length
    return {
      length: n,
      ts: this.ts.subarray(0, n),
      app: this.app.subarray(0, n),
      type: this.type.subarray(0, n),
      count: this.count.subarray(0, n),
      title: this.title.subarray(0, n),
      problem: this.problem.subarray(0, n),
      source: this.source.subarray(0, n),
      typeName: this.typeName.subarray(0, n),
      sourceName: this.sourceName.subarray(0, n),
      problemDetail: this.problemDetail,
      apps: this.apps,
      titles: this.titles,
      unknownNames: this.unknownNames,
    }
  }
}

/** Count field: a positive integer, anything else counts as one event. */
export const normalizeCount = (value: unknown): number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 ? Math.min(value, 0xffffffff) : 1

/** The values of `old` in a new typed array of the same kind and `size` elements (builders grow by doubling). */
export function enlarged<T extends Float64Array | Int32Array | Int8Array | Uint32Array | Uint8Array>(
  old: T,
  size: number,
): T {
  const next = new (old.constructor as new (length: number) => T)(size)
  next.set(old)
  return next
}
