// A specialised, strict JSON reader for the seed's ingest request, straight from UTF-8 bytes to
// a SignalTable: no JS object or string per signal, so a 100 MB request (a million signals) is
// read in a fraction of JSON.parse's time and memory. It understands exactly JSON's grammar;
// whenever the input leaves the expected shape (top level not an object, `activity_signals`
// not an array or given twice, deep nesting, invalid JSON) it answers `null` and the caller
// falls back to JSON.parse + decodeSignals, which give the same table or the exact error.
// It can also read from a ByteSource in chunks through one small reused buffer: a file then
// never sits in memory whole (and a VM does not pay page faults for 100 MB of fresh buffer).
// The reader is built in floors, one class on another: requestBytes.ts (the byte window and
// JSON's grammar), requestSignal.ts (one signal object in any layout), requestPlainSignal.ts
// (the seed's own layout, straight through) and, here, the document: the members around
// `activity_signals`, the array, and reading on as chunks arrive.
import { SignalProblem, type SignalTable } from './signalTable'
import { decoder, NEED_MORE, NotFast } from './requestBytes'
import { PLAIN_MIN_BYTES, PlainSignalReader } from './requestPlainSignal'

export interface FastIngestRequest {
  table: SignalTable
  /** the raw threshold values (validated by the caller like the fallback path does) */
  thresholds: Record<string, unknown>
  /** every signal was read as written: our own type and source names (no alias mapped, no
   * unknown name) and no title cut to MAX_TITLE_LENGTH, so a liberal reader sees the same */
  asWritten: boolean
}

/** Sequential reads (e.g. fs.readSync on a file): bytes read into `into` at `offset`, 0 at the end. */
export interface ByteSource {
  read(into: Uint8Array, offset: number, length: number): number
}
/** Pulled reads (a file): the reader's buffer, filled by one read each. */
const CHUNK = 1 << 20
/** Pushed chunks (a pipe gives 64 KB at a time): the buffer starts smaller and grows if needed. */
const PUSH_BUFFER = 1 << 20
/** What a table is made for when the input's size is unknown (see IngestRequestPush). */
const UNKNOWN_SIZE_SIGNALS = 1 << 20
/** Unread bytes under which the array waits for more input before the next signal (see signals). */
export const SIGNAL_MARGIN = 1024

const encoder = new TextEncoder()
const KEY_ACTIVITY_SIGNALS = encoder.encode('activity_signals')
const KEY_IDLE = encoder.encode('idle_threshold_minutes')
const KEY_MERGE = encoder.encode('max_merge_idle_minutes')

/** The reader's answer: the request, or why it declined (the caller falls back or says so). */
export type FastReadResult = { request: FastIngestRequest; declined: null } | { request: null; declined: string }

export function parseIngestRequestBytes(bytes: Uint8Array): FastIngestRequest | null {
  const reader = new FastReader(bytes, bytes.length, true, Math.ceil(bytes.length / 90))
  return reader.run(null).request
}

/** Same, pulling from `source` chunk by chunk; `sizeHint` (bytes) sizes the table up front. */
export function parseIngestRequestStream(
  source: ByteSource,
  sizeHint = 0,
  chunkBytes = CHUNK,
  signalMargin = SIGNAL_MARGIN,
): FastIngestRequest | null {
  return readIngestRequestSource(source, sizeHint, chunkBytes, signalMargin).request
}

export function readIngestRequestSource(
  source: ByteSource,
  sizeHint = 0,
  chunkBytes = CHUNK,
  signalMargin = SIGNAL_MARGIN,
): FastReadResult {
  const reader = new FastReader(
    new Uint8Array(Math.max(1, chunkBytes)),
    0,
    false,
    Math.ceil(sizeHint / 90),
    signalMargin,
  )
  return reader.run(source)
}

/** Same, from a source of unknown size (a pipe read synchronously): the table is made as
 * IngestRequestPush makes it for an unknown size. */
export function readIngestRequestUnsized(source: ByteSource, chunkBytes = CHUNK): FastReadResult {
  return new FastReader(new Uint8Array(Math.max(1, chunkBytes)), 0, false, UNKNOWN_SIZE_SIGNALS).run(source)
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
  constructor(sizeHint = 0, signalMargin = SIGNAL_MARGIN) {
    this.reader = new FastReader(
      new Uint8Array(PUSH_BUFFER),
      0,
      false,
      sizeHint > 0 ? Math.ceil(sizeHint / 90) : UNKNOWN_SIZE_SIGNALS,
      signalMargin,
    )
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

class FastReader extends PlainSignalReader {
  private phase = Phase.Head
  /** where the current phase (or signal) restarts when more bytes come; bytes before it are done */
  private resume = 0
  /** read again only once this many bytes from `resume` are there (see step) */
  private retryAt = 0
  private thresholds: Record<string, unknown> = {}
  private firstSignal = true

  /** `signalMargin`: see signals (0 in tests: every chunk boundary then falls inside a signal) */
  constructor(
    buffer: Uint8Array,
    length: number,
    final: boolean,
    expectedSignals: number,
    private readonly signalMargin = SIGNAL_MARGIN,
  ) {
    super(buffer, length, final, expectedSignals)
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
      if (this.advance())
        return {
          request: { table: this.builder.finish(), thresholds: this.thresholds, asWritten: !this.changedOnRead },
          declined: null,
        }
      this.retryAt = 2 * (this.b.length - this.resume)
      return null
    } catch (error) {
      if (error instanceof NotFast) return { request: null, declined: error.message }
      // a string escape JSON does not know (the reader validates escapes with JSON.parse)
      if (error instanceof SyntaxError)
        return {
          request: null,
          declined: `${error.message.replace(/ at position \d+.*$/su, '')} near byte ${this.dropped + this.p}`,
        }
      if (error instanceof RangeError)
        return { request: null, declined: `too large for the byte reader (${error.message})` }
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
      this.positionsMoved()
    }
    if (kept + Math.max(1, more) > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, kept + more))
      grown.set(this.buffer.subarray(0, kept))
      this.useBuffer(grown)
    }
    this.b = this.buffer.subarray(0, kept)
  }

  /** Reads on from where the last chunk ended; true once the whole document is read. */
  private advance(): boolean {
    try {
      if (this.phase === Phase.Head) this.head()
      if (this.phase === Phase.Signals && !this.signals()) return false
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
  private signals(): boolean {
    this.p = this.resume
    this.builder.reserveDefaults(Math.ceil((this.b.length - this.p) / PLAIN_MIN_BYTES))
    for (;;) {
      const start = this.p
      // Where the array resumes if this signal's bytes run out. Set on every signal, not only
      // when they do: an optimised loop that meets a store it has never run is thrown away
      // (a deopt) and compiled again, which cost more than these stores.
      this.resume = start
      // Close to the end of what has come so far, wait for more rather than run out of bytes
      // mid-signal: the exception that says so would come once per chunk (1,440 times for a pipe
      // of 94 MB) from deep in the reader, and cost more than reading the chunk.
      if (!this.final && this.b.length - start < this.signalMargin) return false
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
    }
    this.phase = Phase.Tail
    this.resume = this.p
    return true
  }
}
