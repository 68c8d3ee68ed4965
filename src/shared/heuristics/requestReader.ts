// A specialised, strict JSON reader for the seed's ingest request, straight from UTF-8 bytes to
// a SignalTable: no JS object or string per signal, so a 100 MB request (a million signals) is
// read in a fraction of JSON.parse's time and memory. It understands exactly JSON's grammar;
// whenever the input leaves the expected shape (top level not an object, `activity_signals`
// not an array or given twice, deep nesting, invalid JSON) it answers `null` and the caller
// falls back to JSON.parse + decodeSignals, which give the same table or the exact error.
// It can also read from a ByteSource in chunks through one small reused buffer: a file then
// never sits in memory whole (and a VM does not pay page faults for 100 MB of fresh buffer).
import { parseIsoUtc, parseIsoUtcBytes } from '../isoTime'
import {
  MAX_APP_LENGTH,
  MAX_TITLE_LENGTH,
  normalizeCount,
  SIGNAL_TYPES,
  SignalProblem,
  SignalTableBuilder,
  SOURCE_TYPES,
  signalTypeCode,
  sourceTypeCode,
  type NameValue,
  type SignalTable,
} from './signalTable'

export interface FastIngestRequest {
  table: SignalTable
  /** the raw threshold values (validated by the caller like the fallback path does) */
  thresholds: Record<string, unknown>
  /** every signal was read as written: our own type and source names (no alias mapped, no
   * unknown name) and no title cut to MAX_TITLE_LENGTH, so a liberal reader sees the same */
  asWritten: boolean
}

// Module-local copies of imported bindings used once per signal: under tsx (the CLI) every read
// of an imported binding goes through a getter, which costs more than the work itself here.
const PROBLEM_NONE: number = SignalProblem.None
const parseBytes = parseIsoUtcBytes
const parseText = parseIsoUtc
const countOf = normalizeCount

/** The input is not of the shape the reader takes (or not JSON at all): why, and at which byte. */
class NotFast extends Error {}
/** The window ends inside a value: more bytes, then retry from a safe point (once per chunk). */
class NeedMore extends Error {}
const NEED_MORE = new NeedMore()

/** Sequential reads (e.g. fs.readSync on a file): bytes read into `into` at `offset`, 0 at the end. */
export interface ByteSource {
  read(into: Uint8Array, offset: number, length: number): number
}
/** Pulled reads (a file): the reader's buffer, filled by one read each. */
const CHUNK = 4 << 20
/** Pushed chunks (a pipe gives 64 KB at a time): the buffer starts smaller and grows if needed. */
const PUSH_BUFFER = 1 << 20
/** The most signals a table is made for up front (more: it grows). */
const MAX_PRESIZED_SIGNALS = 1 << 22
/** What a table is made for when the input's size is unknown (see IngestRequestPush). */
const UNKNOWN_SIZE_SIGNALS = 1 << 20
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57
/** Two ASCII digits as a number, or -1. */
const digitPair = (a: number, b: number): number => (a >= 48 && a <= 57 && b >= 48 && b <= 57 ? (a - 48) * 10 + b - 48 : -1)

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8')
const KEY_ACTIVITY_SIGNALS = encoder.encode('activity_signals')
const KEY_IDLE = encoder.encode('idle_threshold_minutes')
const KEY_MERGE = encoder.encode('max_merge_idle_minutes')
const KEY_TIMESTAMP = encoder.encode('timestamp')
const KEY_APP = encoder.encode('app')
const KEY_TYPE = encoder.encode('type')
const KEY_SOURCE = encoder.encode('source_type')
const KEY_COUNT = encoder.encode('count')
const KEY_TITLE = encoder.encode('title')
// The seed's own layout of one signal, as every exporter of ours writes it (see plainSignal).
const PLAIN_HEAD = encoder.encode('{"timestamp":"')
const PLAIN_APP = encoder.encode('","app":"')
const PLAIN_TYPE = encoder.encode('","type":"')
const PLAIN_SOURCE = encoder.encode('","source_type":"')
const TYPE_BYTES = SIGNAL_TYPES.map((name) => encoder.encode(name))
const SOURCE_BYTES = SOURCE_TYPES.map((name) => encoder.encode(name))
/** For each byte, the codes of the names that start with it (most bytes: none). */
const codesByFirstByte = (names: readonly Uint8Array[]): number[][] =>
  Array.from({ length: 256 }, (_, byte) => names.flatMap((name, code) => (name[0] === byte ? [code] : [])))
const TYPES_BY_FIRST = codesByFirstByte(TYPE_BYTES)
const SOURCES_BY_FIRST = codesByFirstByte(SOURCE_BYTES)
const longest = (names: readonly Uint8Array[]) => Math.max(...names.map((name) => name.length))
const SOURCE_MAX = longest(SOURCE_BYTES)
/** after the app name: type, source, `"}` and the separator, at their longest */
const PLAIN_TAIL_MIN = PLAIN_TYPE.length + longest(TYPE_BYTES) + PLAIN_SOURCE.length + SOURCE_MAX + 3
const PLAIN_MIN = PLAIN_HEAD.length + 20 + PLAIN_APP.length
const MAX_DEPTH = 512

const enum ValueKind {
  Absent = 0,
  String = 1,
  Null = 2,
  Other = 3,
}

/** Where one field's value sits in the buffer. */
interface Field {
  kind: ValueKind
  start: number
  end: number
  escaped: boolean
}
const newField = (): Field => ({ kind: ValueKind.Absent, start: 0, end: 0, escaped: false })

/** The reader's answer: the request, or why it declined (the caller falls back or says so). */
export type FastReadResult = { request: FastIngestRequest; declined: null } | { request: null; declined: string }

export function parseIngestRequestBytes(bytes: Uint8Array): FastIngestRequest | null {
  const reader = new FastReader(bytes, bytes.length, true, Math.ceil(bytes.length / 90))
  return reader.run(null).request
}

/** Same, pulling from `source` chunk by chunk; `sizeHint` (bytes) sizes the table up front. */
export function parseIngestRequestStream(source: ByteSource, sizeHint = 0, chunkBytes = CHUNK): FastIngestRequest | null {
  return readIngestRequestSource(source, sizeHint, chunkBytes).request
}

export function readIngestRequestSource(source: ByteSource, sizeHint = 0, chunkBytes = CHUNK): FastReadResult {
  const reader = new FastReader(new Uint8Array(Math.max(1, chunkBytes)), 0, false, Math.ceil(sizeHint / 90))
  return reader.run(source)
}

/**
 * The same reader for bytes pushed as they arrive (stdin, any stream): each chunk is read at
 * once, through one reused buffer that holds only the unfinished signal at a chunk's end and
 * the next chunk, so the input never sits in memory whole. `push` answers false once the reader
 * has declined (nothing after that changes the answer); `end` gives the answer.
 */
export class IngestRequestPush {
  private readonly reader: FastReader
  private answer: FastReadResult | null = null

  /** `sizeHint` 0: unknown (a pipe). The table is then made for 1M signals at once: memory only
   * becomes resident as rows are written, and growing it by copies would leave the old columns
   * as garbage until the next full GC (a pipe of 1M signals peaked 20 MB higher that way). */
  constructor(sizeHint = 0) {
    this.reader = new FastReader(new Uint8Array(PUSH_BUFFER), 0, false, sizeHint > 0 ? Math.ceil(sizeHint / 90) : UNKNOWN_SIZE_SIGNALS)
  }

  push(chunk: Uint8Array): boolean {
    if (this.answer) return this.answer.declined === null
    this.answer = this.reader.step(chunk)
    return this.answer === null || this.answer.declined === null
  }

  end(): FastReadResult {
    this.answer ??= this.reader.step(null)
    return this.answer as FastReadResult
  }
}

const enum Phase {
  /** `{` and the members before `activity_signals`: retried from the first byte */
  Head,
  /** the array's elements: each retried from its own first byte */
  Signals,
  /** members after the array and the closing `}` */
  Tail,
  /** only whitespace may follow */
  End,
  Done,
}

class FastReader {
  private p = 0
  /** the bytes read so far that are still needed (a view of `buffer`) */
  private b: Uint8Array
  private buffer: Uint8Array
  /** no more bytes will come: running off the end is an error, not a reason to read on */
  private final: boolean
  /** bytes dropped from the front of the window so far: `dropped + p` is the input's byte offset */
  private dropped = 0
  /** a name was mapped or a title cut (see FastIngestRequest.asWritten) */
  private changedOnRead = false
  private phase = Phase.Head
  /** where the current phase (or signal) restarts when more bytes come; bytes before it are done */
  private resume = 0
  /** read again only once this many bytes from `resume` are there (see step) */
  private retryAt = 0
  private thresholds: Record<string, unknown> = {}
  private firstSignal = true
  private readonly builder: SignalTableBuilder
  // Last app seen, compared by bytes: consecutive signals mostly share it.
  private lastAppStart = -1
  private lastAppEnd = -1
  private lastAppIndex = -1
  private readonly timestamp = newField()
  private readonly app = newField()
  private readonly type = newField()
  private readonly source = newField()
  private readonly count = newField()
  private readonly title = newField()

  constructor(buffer: Uint8Array, length: number, final: boolean, expectedSignals: number) {
    this.buffer = buffer
    this.final = final
    this.b = buffer.subarray(0, length)
    // About 100 bytes per signal in the seed's format; the table grows if that guess is low.
    this.builder = new SignalTableBuilder(Math.min(MAX_PRESIZED_SIGNALS, expectedSignals))
  }

  /** Reads to the end, pulling from `source` whenever the window runs out. */
  run(source: ByteSource | null): FastReadResult {
    for (;;) {
      const answer = this.step(null, source === null)
      if (answer) return answer
      this.makeRoom(this.buffer.length - this.b.length)
      const n = (source as ByteSource).read(this.buffer, this.b.length, this.buffer.length - this.b.length)
      if (n === 0) this.final = true
      this.b = this.buffer.subarray(0, this.b.length + n)
    }
  }

  /** Adds `chunk` (null: the input ended) and reads as far as the bytes go; null: needs more. */
  step(chunk: Uint8Array | null, final = chunk === null): FastReadResult | null {
    if (chunk !== null && chunk.length > 0) {
      this.makeRoom(chunk.length)
      this.buffer.set(chunk, this.b.length)
      this.b = this.buffer.subarray(0, this.b.length + chunk.length)
    }
    if (final) this.final = true
    // What ran out of bytes is read again from its start: wait until the unread part has doubled,
    // so tiny chunks under a long value (a big head, a huge title) cost linear time, not square.
    if (!this.final && this.b.length - this.resume < this.retryAt) return null
    try {
      if (this.advance()) return { request: { table: this.builder.finish(), thresholds: this.thresholds, asWritten: !this.changedOnRead }, declined: null }
      this.retryAt = 2 * (this.b.length - this.resume)
      return null
    } catch (error) {
      if (error instanceof NotFast) return { request: null, declined: error.message }
      // a string escape JSON does not know (the reader validates escapes with JSON.parse)
      if (error instanceof SyntaxError) return { request: null, declined: `${error.message.replace(/ at position \d+.*$/su, '')} near byte ${this.dropped + this.p}` }
      if (error instanceof RangeError) return { request: null, declined: `too large for the byte reader (${error.message})` }
      throw error
    }
  }

  /** Drops the bytes before `resume` and makes room for `more` after the rest; positions shift. */
  private makeRoom(more: number): void {
    const keepFrom = this.resume
    const kept = this.b.length - keepFrom
    if (keepFrom > 0) {
      this.buffer.copyWithin(0, keepFrom, this.b.length)
      this.dropped += keepFrom
      this.resume = 0
      this.lastAppStart = -1 // byte positions moved
      this.lastAppEnd = -1
    }
    if (kept + Math.max(1, more) > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, kept + more))
      grown.set(this.buffer.subarray(0, kept))
      this.buffer = grown
    }
    this.b = this.buffer.subarray(0, kept)
  }

  /** Not the expected shape (NotFast), or just the end of the window so far (NeedMore). */
  private fail(at: number = this.p): never {
    if (at >= this.b.length) {
      if (!this.final) throw NEED_MORE
      throw new NotFast(`the input ends early, after ${this.dropped + this.b.length} bytes`)
    }
    const c = this.b[at] as number
    const shown = c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`
    throw new NotFast(`unexpected ${shown} at byte ${this.dropped + at}`)
  }

  /** Reads on from where the last chunk ended; true once the whole document is read. */
  private advance(): boolean {
    try {
      if (this.phase === Phase.Head) this.head()
      if (this.phase === Phase.Signals) this.signals()
      if (this.phase === Phase.Tail) this.tail()
      if (this.phase === Phase.End) this.end()
      return true
    } catch (error) {
      if (error !== NEED_MORE) throw error
      return false
    }
  }

  /** Everything before the signals stays in the window (and is read again) until the array starts. */
  private head(): void {
    this.p = 0
    this.thresholds = {}
    this.ws()
    this.expect(123) // {
    this.ws()
    if (this.b[this.p] === 125) this.fail()
    if (!this.membersUntilSignals(this.thresholds)) throw new NotFast('no activity_signals array')
    this.phase = Phase.Signals
    this.resume = this.p
  }

  /** Members after the array, then the end of the object. */
  private tail(): void {
    this.p = this.resume
    const thresholds = { ...this.thresholds }
    this.ws()
    while (this.b[this.p] === 44) {
      this.p++
      if (this.membersUntilSignals(thresholds, true)) throw new NotFast('activity_signals given twice')
    }
    this.expect(125)
    this.thresholds = thresholds
    this.phase = Phase.End
    this.resume = this.p
  }

  /** Only whitespace after the request (dropped as it comes). */
  private end(): void {
    this.p = this.resume
    this.ws()
    if (this.p < this.b.length) this.fail()
    this.resume = this.p
    if (!this.final) throw NEED_MORE
    this.phase = Phase.Done
  }

  /**
   * Members of the top object: returns true positioned just inside `activity_signals`' `[`;
   * false after the last member (before `}`). With `one`, reads a single member.
   */
  private membersUntilSignals(thresholds: Record<string, unknown>, one = false): boolean {
    for (;;) {
      this.ws()
      const key = { ...this.string() }
      this.ws()
      this.expect(58) // :
      this.ws()
      if (this.keyIs(key, KEY_ACTIVITY_SIGNALS)) {
        if (this.b[this.p] !== 91) this.fail()
        this.p++
        return true
      }
      if (this.keyIs(key, KEY_IDLE) || this.keyIs(key, KEY_MERGE)) {
        const start = this.p
        this.skipValue(0)
        if (this.p >= this.b.length) this.fail() // a number may continue in the next chunk
        thresholds[this.text(key)] = JSON.parse(decoder.decode(this.b.subarray(start, this.p)))
      } else {
        this.skipValue(0)
      }
      this.ws()
      if (one) return false
      if (this.b[this.p] === 44) {
        this.p++
        continue
      }
      if (this.b[this.p] !== 125) this.fail()
      return false
    }
  }

  /** The array's elements, from just inside `[` to just after `]`; each element is retried
   * whole when its bytes run out, and pushed only once its separator has been seen. */
  private signals(): void {
    this.p = this.resume
    for (;;) {
      const start = this.p
      try {
        this.ws()
        if (this.firstSignal && this.b[this.p] === 93) {
          this.p++
          break
        }
        const plainEnd = this.plainSignal()
        if (plainEnd !== 0) {
          this.firstSignal = false
          if (plainEnd === 93) break
          continue
        }
        const isObject = this.b[this.p] === 123
        if (isObject) this.signal()
        else this.skipValue(1)
        this.ws()
        const c = this.b[this.p]
        if (c !== 44 && c !== 93) this.fail()
        this.p++
        if (isObject) this.finishSignal()
        else this.builder.push(Number.NaN, -1, -1, 1, -1, SignalProblem.NotObject)
        this.firstSignal = false
        if (c === 93) break
      } catch (error) {
        if (error === NEED_MORE) this.resume = start
        throw error
      }
    }
    this.phase = Phase.Tail
    this.resume = this.p
  }

  /**
   * The common case, straight through: `{"timestamp":"<20-char UTC>","app":"<plain>","type":"<ours>",
   * "source_type":"<ours>"}` followed at once by `,` or `]`. Pushes it and returns that separator;
   * returns 0 (having consumed nothing) at the first byte that differs, and the general reader
   * takes the signal from the start, so the two can never disagree on what a signal means. Running
   * off the end of the window also just returns 0: the general reader asks for more bytes.
   */
  private plainSignal(): number {
    const b = this.b
    let p = this.p
    // Every read below stays inside the window (reading past a typed array's end makes V8 fall
    // back to slower code for all of them): the shortest plain signal is 92 bytes.
    const limit = b.length
    if (p + PLAIN_MIN > limit) return 0
    if (!this.bytesEqual(p, PLAIN_HEAD)) return 0
    p += PLAIN_HEAD.length
    const ts = this.plainTimestamp(p)
    if (ts !== ts) return 0 // NaN
    p += 20
    if (!this.bytesEqual(p, PLAIN_APP)) return 0
    p += PLAIN_APP.length
    const appStart = p
    // The app's bytes must leave room for the rest at its longest (PLAIN_TAIL_MIN): then no read
    // below the app can pass the end either.
    const appLimit = limit - PLAIN_TAIL_MIN
    // Consecutive signals mostly name the same app: its bytes and closing quote, then no scan.
    const last = this.lastPlainApp
    let app = -1
    let hash = 0
    if (p + last.length < appLimit && b[p + last.length] === 34 && this.bytesEqual(p, last)) {
      app = this.lastPlainAppIndex
      p += last.length
    } else {
      for (;;) {
        if (p >= appLimit) return 0
        const c = b[p] as number
        if (c === 34) break
        if (c < 0x20 || c === 92) return 0
        hash = (Math.imul(hash, 31) + c) | 0
        p++
      }
    }
    const appEnd = p
    if (!this.bytesEqual(p, PLAIN_TYPE)) return 0
    p += PLAIN_TYPE.length
    const type = this.plainName(p, TYPE_BYTES, TYPES_BY_FIRST)
    if (type < 0) return 0
    p += (TYPE_BYTES[type] as Uint8Array).length
    if (!this.bytesEqual(p, PLAIN_SOURCE)) return 0
    p += PLAIN_SOURCE.length
    const source = this.plainName(p, SOURCE_BYTES, SOURCES_BY_FIRST)
    if (source < 0) return 0
    p += (SOURCE_BYTES[source] as Uint8Array).length
    if (b[p] !== 34 || b[p + 1] !== 125) return 0
    const separator = b[p + 2] as number
    if (separator !== 44 && separator !== 93) return 0
    if (app < 0) {
      app = this.plainApp(appStart, appEnd, hash)
      if (app < 0) return 0
    }
    this.builder.pushPlain(ts, app, type, source)
    this.p = p + 3
    return separator
  }

  /** The day (`YYYY-MM-DDT`) of the last timestamp read in full, and its epoch ms at 00:00. */
  private readonly plainDay = new Uint8Array(11)
  private plainDayMs = Number.NaN

  /**
   * A 20-character UTC timestamp at p (epoch ms, NaN when it is not one). Consecutive signals
   * mostly fall on one day: when the day's bytes are those of the last timestamp read in full,
   * only the time of day is read (checked as parseIsoUtcBytes checks it), and the sum is the
   * same integer parseIsoUtcBytes gives: day * 86,400,000 + h * 3,600,000 + m * 60,000 + s * 1000.
   */
  private plainTimestamp(p: number): number {
    const b = this.b
    if (this.plainDayMs === this.plainDayMs && this.bytesEqual(p, this.plainDay)) {
      if (b[p + 13] !== 58 || b[p + 16] !== 58 || b[p + 19] !== 90) return Number.NaN
      const h = digitPair(b[p + 11] as number, b[p + 12] as number)
      const m = digitPair(b[p + 14] as number, b[p + 15] as number)
      const s = digitPair(b[p + 17] as number, b[p + 18] as number)
      if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return Number.NaN
      return this.plainDayMs + h * 3_600_000 + m * 60_000 + s * 1000
    }
    const ts = parseBytes(b, p, p + 20)
    if (ts === ts) {
      // a valid timestamp: its time-of-day digits are digits and in range
      const timeOfDay =
        digitPair(b[p + 11] as number, b[p + 12] as number) * 3_600_000 +
        digitPair(b[p + 14] as number, b[p + 15] as number) * 60_000 +
        digitPair(b[p + 17] as number, b[p + 18] as number) * 1000
      this.plainDay.set(b.subarray(p, p + 11))
      this.plainDayMs = ts - timeOfDay
    }
    return ts
  }

  /** The code of the name at p followed by its closing quote, or -1; `byFirst` (see
   * codesByFirstByte) holds the only codes whose name starts with the byte at p. */
  private plainName(p: number, names: readonly Uint8Array[], byFirst: readonly (readonly number[])[]): number {
    const codes = byFirst[this.b[p] as number] as readonly number[]
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] as number
      const name = names[code] as Uint8Array
      if (this.b[p + name.length] === 34 && this.bytesEqual(p, name)) return code
    }
    return -1
  }

  /** App names interned by their bytes (hash, then a byte check): no string per signal. */
  private readonly appByHash = new Map<number, { bytes: Uint8Array; index: number }>()

  private plainApp(start: number, end: number, hash: number): number {
    const known = this.appByHash.get(hash)
    if (known !== undefined) {
      const bytes = known.bytes
      if (bytes.length === end - start && this.bytesEqual(start, bytes)) {
        this.lastPlainApp = bytes
        this.lastPlainAppIndex = known.index
        return known.index
      }
      return this.appIndex({ kind: ValueKind.String, start, end, escaped: false }) // a hash collision: rare
    }
    if (end === start || end - start > MAX_APP_LENGTH) return -1 // the general reader says why
    const name = decoder.decode(this.b.subarray(start, end))
    if (name.length > MAX_APP_LENGTH) return -1
    const index = this.builder.internApp(name)
    const bytes = this.b.slice(start, end)
    this.appByHash.set(hash, { bytes, index })
    this.lastPlainApp = bytes
    this.lastPlainAppIndex = index
    return index
  }

  /** The app of the last plain signal read by a scan (see plainSignal). */
  private lastPlainApp = new Uint8Array(0)
  private lastPlainAppIndex = -1

  /** One signal object: records where its fields are (finishSignal reads them). */
  private signal(): void {
    this.timestamp.kind = ValueKind.Absent
    this.app.kind = ValueKind.Absent
    this.type.kind = ValueKind.Absent
    this.source.kind = ValueKind.Absent
    this.count.kind = ValueKind.Absent
    this.title.kind = ValueKind.Absent
    this.parsedTs = Number.NaN
    this.p++ // {
    this.ws()
    if (this.b[this.p] === 125) {
      this.p++
      return
    }
    for (;;) {
      this.ws()
      const field = this.signalKey()
      this.ws()
      this.expect(58)
      this.ws()
      if (field === this.timestamp) this.timestampValue()
      else if (field) this.value(field)
      else this.skipValue(2)
      this.ws()
      const c = this.b[this.p]
      if (c === 44) {
        this.p++
        continue
      }
      if (c === 125) {
        this.p++
        return
      }
      this.fail()
    }
  }

  /** epoch ms of the timestamp value when timestampValue could read it in place */
  private parsedTs = Number.NaN

  /**
   * A key inside a signal object. The seed's keys are tried in place first (their bytes plus the
   * closing quote), which skips the generic string scan for nearly every key of a large request.
   */
  private signalKey(): Field | null {
    const b = this.b
    const p = this.p
    if (b[p] !== 34) this.fail()
    let field: Field | null = null
    let name: Uint8Array | null = null
    switch (b[p + 1]) {
      case 116: // t: timestamp, title, type
        if (b[p + 2] === 105) {
          const isTimestamp = b[p + 3] === 109
          field = isTimestamp ? this.timestamp : this.title
          name = isTimestamp ? KEY_TIMESTAMP : KEY_TITLE
        } else {
          field = this.type
          name = KEY_TYPE
        }
        break
      case 97: // a
        field = this.app
        name = KEY_APP
        break
      case 115: // s
        field = this.source
        name = KEY_SOURCE
        break
      case 99: // c
        field = this.count
        name = KEY_COUNT
        break
    }
    if (name !== null && b[p + 1 + name.length] === 34 && this.bytesEqual(p + 1, name)) {
      this.p = p + 2 + name.length
      return field
    }
    return this.fieldFor(this.string())
  }

  /** The timestamp value: a 20-character UTC string is parsed where it lies (the parser checks
   * every character, so a match cannot hide a quote, backslash or control character). */
  private timestampValue(): void {
    const b = this.b
    const p = this.p
    if (b[p] === 34 && b[p + 21] === 34) {
      const ts = parseBytes(b, p + 1, p + 21)
      if (!Number.isNaN(ts)) {
        const field = this.timestamp
        field.kind = ValueKind.String
        field.start = p + 1
        field.end = p + 21
        field.escaped = false
        this.parsedTs = ts
        this.p = p + 22
        return
      }
    }
    this.parsedTs = Number.NaN
    this.value(this.timestamp)
  }

  private fieldFor(key: { start: number; end: number; escaped: boolean }): Field | null {
    if (key.escaped) return this.fieldForEscaped(key)
    // Length and first byte pick the candidate; bytesEqual confirms it.
    const first = this.b[key.start]
    switch (key.end - key.start) {
      case 9:
        return first === 116 && this.bytesEqual(key.start, KEY_TIMESTAMP) ? this.timestamp : null
      case 3:
        return first === 97 && this.bytesEqual(key.start, KEY_APP) ? this.app : null
      case 4:
        return first === 116 && this.bytesEqual(key.start, KEY_TYPE) ? this.type : null
      case 11:
        return first === 115 && this.bytesEqual(key.start, KEY_SOURCE) ? this.source : null
      case 5:
        return first === 99 && this.bytesEqual(key.start, KEY_COUNT)
          ? this.count
          : first === 116 && this.bytesEqual(key.start, KEY_TITLE)
            ? this.title
            : null
      default:
        return null
    }
  }

  private fieldForEscaped(key: { start: number; end: number; escaped: boolean }): Field | null {
    switch (key.end - key.start) {
      case 9:
        return this.keyIs(key, KEY_TIMESTAMP) ? this.timestamp : null
      case 3:
        return this.keyIs(key, KEY_APP) ? this.app : null
      case 4:
        return this.keyIs(key, KEY_TYPE) ? this.type : null
      case 11:
        return this.keyIs(key, KEY_SOURCE) ? this.source : null
      case 5:
        return this.keyIs(key, KEY_COUNT) ? this.count : this.keyIs(key, KEY_TITLE) ? this.title : null
      default:
        return null
    }
  }

  /** Records where a field's value is (last occurrence wins, as in JSON.parse). */
  private value(field: Field): void {
    const c = this.b[this.p]
    if (c === 34) {
      const s = this.string()
      field.kind = ValueKind.String
      field.start = s.start
      field.end = s.end
      field.escaped = s.escaped
    } else {
      const start = this.p
      this.skipValue(2)
      field.start = start
      field.end = this.p
      field.kind = c === 110 ? ValueKind.Null : ValueKind.Other
    }
  }

  // No closures on this path: it runs once per signal (see isoTime.ts on why that matters).
  private finishSignal(): void {
    const countValue = this.count.kind === ValueKind.Other ? countOf(this.json(this.count)) : 1
    const problem = this.checkSignal()
    if (problem !== PROBLEM_NONE) {
      this.builder.push(Number.NaN, -1, -1, countValue, -1, problem)
      return
    }
    const title = this.title
    let titleIndex = -1
    if (title.kind === ValueKind.String && title.end > title.start) {
      const text = this.text(title)
      if (text.length > MAX_TITLE_LENGTH) this.changedOnRead = true
      if (text.length > 0) titleIndex = this.builder.internTitle(text.slice(0, MAX_TITLE_LENGTH))
    }
    const builder = this.builder
    if (this.checkedType >= 0 && this.checkedSource >= 0) {
      builder.push(this.checkedTs, this.checkedApp, this.checkedType, countValue, titleIndex, PROBLEM_NONE, undefined, this.checkedSource)
      return
    }
    // Not exactly our names (an alias, an unknown or missing name): read them as decodeSignals
    // does, so both decoders give the same table (#12).
    this.changedOnRead = true
    builder.resolveNames(this.nameValue(this.type), this.nameValue(this.source))
    builder.push(
      this.checkedTs,
      this.checkedApp,
      builder.resolvedType,
      countValue,
      titleIndex,
      PROBLEM_NONE,
      undefined,
      builder.resolvedSource,
      builder.resolvedTypeName,
      builder.resolvedSourceName,
    )
  }

  private nameValue(field: Field): NameValue {
    if (field.kind === ValueKind.Absent || field.kind === ValueKind.Null) return { text: null, isString: false }
    if (field.kind === ValueKind.String) return { text: this.text(field), isString: true }
    return { text: JSON.stringify(this.json(field)), isString: false }
  }

  private checkedTs = 0
  private checkedApp = 0
  private checkedType = 0
  private checkedSource = 0

  /** The first problem in seed field order (as decodeSignals finds it); fills checked* when none. */
  private checkSignal(): number {
    const { timestamp, app, type, source } = this
    if (timestamp.kind === ValueKind.Absent || timestamp.kind === ValueKind.Null) return SignalProblem.MissingTimestamp
    if (timestamp.kind !== ValueKind.String) return SignalProblem.BadTimestamp
    const ts = !Number.isNaN(this.parsedTs)
      ? this.parsedTs
      : timestamp.escaped
        ? parseText(this.text(timestamp))
        : parseBytes(this.b, timestamp.start, timestamp.end)
    if (Number.isNaN(ts)) return SignalProblem.BadTimestamp

    if (app.kind === ValueKind.Absent || app.kind === ValueKind.Null) return SignalProblem.MissingApp
    if (app.kind !== ValueKind.String) return SignalProblem.BadApp
    const appIndex = this.appIndex(app)
    if (appIndex < 0) return SignalProblem.BadApp

    // -1: not exactly one of our names; finishSignal reads it the liberal way (#12).
    this.checkedType = this.enumCode(type, TYPE_BYTES, signalTypeCode)
    this.checkedSource = this.enumCode(source, SOURCE_BYTES, sourceTypeCode)
    this.checkedTs = ts
    this.checkedApp = appIndex
    return PROBLEM_NONE
  }

  private appIndex(field: Field): number {
    const { start, end } = field
    if (!field.escaped && this.lastAppStart >= 0 && end - start === this.lastAppEnd - this.lastAppStart && this.sameBytes(start, this.lastAppStart, end - start)) {
      return this.lastAppIndex
    }
    const name = this.text(field)
    if (name.length === 0 || name.length > MAX_APP_LENGTH) return -1
    const index = this.builder.internApp(name)
    if (!field.escaped) {
      this.lastAppStart = start
      this.lastAppEnd = end
      this.lastAppIndex = index
    }
    return index
  }

  private enumCode(field: Field, names: readonly Uint8Array[], codes: ReadonlyMap<string, number>): number {
    if (field.kind !== ValueKind.String) return -1
    if (field.escaped) return codes.get(this.text(field)) ?? -1
    const length = field.end - field.start
    for (let code = 0; code < names.length; code++) {
      const name = names[code] as Uint8Array
      if (name.length === length && this.bytesEqual(field.start, name)) return code
    }
    return -1
  }

  private text(field: { start: number; end: number; escaped: boolean }): string {
    const raw = decoder.decode(this.b.subarray(field.start, field.end))
    return field.escaped ? (JSON.parse(`"${raw}"`) as string) : raw
  }

  private json(field: Field): unknown {
    return JSON.parse(decoder.decode(this.b.subarray(field.start, field.end)))
  }

  private keyIs(key: { start: number; end: number; escaped: boolean }, expected: Uint8Array): boolean {
    if (key.escaped) return this.text(key) === decoder.decode(expected)
    return key.end - key.start === expected.length && this.bytesEqual(key.start, expected)
  }

  private bytesEqual(start: number, expected: Uint8Array): boolean {
    const b = this.b
    for (let i = 0; i < expected.length; i++) if (b[start + i] !== expected[i]) return false
    return true
  }

  private sameBytes(a: number, b: number, length: number): boolean {
    const bytes = this.b
    for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false
    return true
  }

  // ---- JSON grammar -------------------------------------------------------------------------

  private readonly key = { start: 0, end: 0, escaped: false }

  /** A string at p; returns its content range (reused object: copy what you keep). */
  private string(): { start: number; end: number; escaped: boolean } {
    const b = this.b
    if (b[this.p] !== 34) this.fail()
    let p = this.p + 1
    const start = p
    let escaped = false
    for (;;) {
      const c = b[p]
      if (c === 34) break
      if (c === undefined || c < 0x20) this.fail(p)
      if (c === 92) {
        escaped = true
        p += 2
        continue
      }
      p++
    }
    this.p = p + 1
    const key = this.key
    key.start = start
    key.end = p
    key.escaped = escaped
    if (escaped) {
      // Validate escapes exactly as JSON.parse would (rare: only strings holding \ reach this).
      JSON.parse(`"${decoder.decode(b.subarray(start, p))}"`)
    }
    return key
  }

  private ws(): void {
    const b = this.b
    let c = b[this.p]
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++this.p]
  }

  private expect(c: number): void {
    if (this.b[this.p] !== c) this.fail()
    this.p++
  }

  private skipValue(depth: number): void {
    if (depth > MAX_DEPTH) throw new NotFast(`nested deeper than ${MAX_DEPTH} levels at byte ${this.dropped + this.p}`)
    const b = this.b
    const c = b[this.p]
    if (c === 34) {
      this.string()
    } else if (c === 123) {
      this.p++
      this.ws()
      if (b[this.p] === 125) {
        this.p++
        return
      }
      for (;;) {
        this.ws()
        this.string()
        this.ws()
        this.expect(58)
        this.ws()
        this.skipValue(depth + 1)
        this.ws()
        if (b[this.p] === 44) {
          this.p++
          continue
        }
        this.expect(125)
        return
      }
    } else if (c === 91) {
      this.p++
      this.ws()
      if (b[this.p] === 93) {
        this.p++
        return
      }
      for (;;) {
        this.ws()
        this.skipValue(depth + 1)
        this.ws()
        if (b[this.p] === 44) {
          this.p++
          continue
        }
        this.expect(93)
        return
      }
    } else if (c === 116) this.literal('true')
    else if (c === 102) this.literal('false')
    else if (c === 110) this.literal('null')
    else this.number()
  }

  private literal(word: string): void {
    for (let i = 0; i < word.length; i++) if (this.b[this.p + i] !== word.charCodeAt(i)) this.fail(this.p + i)
    this.p += word.length
  }

  private number(): void {
    const b = this.b
    let p = this.p
    if (b[p] === 45) p++
    if (b[p] === 48) p++
    else if (isDigit(b[p])) while (isDigit(b[p])) p++
    else this.fail(p)
    if (b[p] === 46) {
      p++
      if (!isDigit(b[p])) this.fail(p)
      while (isDigit(b[p])) p++
    }
    if (b[p] === 101 || b[p] === 69) {
      p++
      if (b[p] === 43 || b[p] === 45) p++
      if (!isDigit(b[p])) this.fail(p)
      while (isDigit(b[p])) p++
    }
    this.p = p
  }
}
