// The seed's own layout of one signal, as every exporter of ours writes it, read straight
// through: `{"timestamp":"<20-char UTC>","app":"<plain>","type":"<ours>","source_type":"<ours>"}`.
// At the first byte that differs it consumes nothing and answers 0, and the general signal
// reader (requestSignal.ts) takes the signal from its start; nearly every signal of a large
// request takes this path, so it is where the reader's time goes (bench/notes.md).
import { parseIsoUtcBytes } from '../isoTime'
import { MAX_APP_LENGTH, SIGNAL_TYPES, SOURCE_CODE_OF_TYPE, SOURCE_TYPES } from './signalTable'
import { ByteWords, decoder } from './requestBytes'
import { SignalReader, SOURCE_BYTES, TYPE_BYTES } from './requestSignal'

const parseBytes = parseIsoUtcBytes
/** Two ASCII digits as a number, or -1. */
const digitPair = (a: number, b: number): number =>
  a >= 48 && a <= 57 && b >= 48 && b <= 57 ? (a - 48) * 10 + b - 48 : -1

const encoder = new TextEncoder()
const PLAIN_HEAD = new ByteWords(encoder.encode('{"timestamp":"'))
const PLAIN_APP = new ByteWords(encoder.encode('","app":"'))
const PLAIN_TYPE = new ByteWords(encoder.encode('","type":"'))
const PLAIN_TYPE_LENGTH = PLAIN_TYPE.length
const PLAIN_SOURCE = new ByteWords(encoder.encode('","source_type":"'))
// The two that start every plain signal, as numbers compared in line (plainSignal): the generic
// word loop (wordsEqual) was a fifth of the reader's time. Words at their ByteWords offsets: 14
// bytes 0/4/8/10, 9 bytes 0/4/5 (checked where they are made).
const wordsAt = (token: ByteWords, offsets: readonly number[]): readonly number[] => {
  if (token.at.join() !== offsets.join()) throw new Error(`the word offsets of a plain token are ${token.at.join()}`)
  return token.words
}
const [HEAD0, HEAD4, HEAD8, HEAD10] = wordsAt(PLAIN_HEAD, [0, 4, 8, 10]) as [number, number, number, number]
const [APP0, APP4, APP5] = wordsAt(PLAIN_APP, [0, 4, 5]) as [number, number, number]
const TYPE_WORDS = TYPE_BYTES.map((name) => new ByteWords(name))
/** After the app, what our exporters write: the type and its usual source, `","type":"<type>",
 * "source_type":"<source>"}`, compared whole (one dispatch instead of two, and no word compared
 * twice); by the first byte of the type's name, and the type's length to tell apart the names
 * that share it (mouse_click, mouse_move…). */
interface UsualTail {
  words: ByteWords
  type: number
  source: number
  /** where the type's closing quote is, from the tail's start */
  typeQuote: number
}
const USUAL_TAILS_BY_FIRST: readonly (readonly UsualTail[])[] = Array.from({ length: 256 }, (_, byte) =>
  SIGNAL_TYPES.flatMap((name, type) => {
    if (name.charCodeAt(0) !== byte) return []
    const source = SOURCE_CODE_OF_TYPE[type] as number
    const text = `","type":"${name}","source_type":"${SOURCE_TYPES[source]}"}`
    return [{ words: new ByteWords(encoder.encode(text)), type, source, typeQuote: PLAIN_TYPE_LENGTH + name.length }]
  }),
)
const SOURCE_WORDS = SOURCE_BYTES.map((name) => new ByteWords(name))
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
/** The fewest bytes a plain signal takes, with its separator: a window of n bytes holds at most
 * n / PLAIN_MIN_BYTES of them (SignalTableBuilder.reserveDefaults). */
const shortest = (names: readonly Uint8Array[]) => Math.min(...names.map((name) => name.length))
export const PLAIN_MIN_BYTES =
  PLAIN_MIN + 1 + PLAIN_TYPE.length + shortest(TYPE_BYTES) + PLAIN_SOURCE.length + shortest(SOURCE_BYTES) + 3

/** An app name met before: its bytes (and as words when at least 4 bytes) and its table index. */
interface KnownApp {
  bytes: Uint8Array
  words: ByteWords | null
  index: number
}

export class PlainSignalReader extends SignalReader {
  /**
   * The common case, straight through: `{"timestamp":"<20-char UTC>","app":"<plain>","type":"<ours>",
   * "source_type":"<ours>"}` followed at once by `,` or `]`. Pushes it and returns that separator;
   * returns 0 (having consumed nothing) at the first byte that differs, and the general reader
   * takes the signal from the start, so the two can never disagree on what a signal means. Running
   * off the end of the window also just returns 0: the general reader asks for more bytes.
   */
  protected plainSignal(): number {
    const b = this.b
    let p = this.p
    // Every read below stays inside the window (reading past a typed array's end makes V8 fall
    // back to slower code for all of them): the shortest plain signal is 92 bytes.
    const limit = b.length
    if (p + PLAIN_MIN > limit) return 0
    const view = this.view
    if (
      view.getInt32(p, true) !== HEAD0 ||
      view.getInt32(p + 4, true) !== HEAD4 ||
      view.getInt32(p + 8, true) !== HEAD8 ||
      view.getInt32(p + 10, true) !== HEAD10
    )
      return 0
    p += PLAIN_HEAD.length
    if (!this.plainTimestamp(p)) return 0
    p += 20
    if (view.getInt32(p, true) !== APP0 || view.getInt32(p + 4, true) !== APP4 || view.getInt32(p + 5, true) !== APP5)
      return 0
    p += PLAIN_APP.length
    const appStart = p
    // The app's bytes must leave room for the rest at its longest (PLAIN_TAIL_MIN): then no read
    // below the app can pass the end either.
    const appLimit = limit - PLAIN_TAIL_MIN
    // Consecutive signals mostly name the same app: its bytes and closing quote, then no scan.
    const last = this.lastPlainApp
    const lastLength = last.bytes.length
    let app = -1
    let hash = 0
    if (
      p + lastLength < appLimit &&
      b[p + lastLength] === 34 &&
      (last.words !== null ? this.wordsEqual(p, last.words) : this.bytesEqual(p, last.bytes))
    ) {
      app = last.index
      p += lastLength
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
    let type = -1
    let source = -1
    const tails = USUAL_TAILS_BY_FIRST[b[p + PLAIN_TYPE_LENGTH] as number] as readonly UsualTail[]
    for (let i = 0; i < tails.length; i++) {
      const tail = tails[i] as UsualTail
      if (b[p + tail.typeQuote] === 34 && this.wordsEqual(p, tail.words)) {
        type = tail.type
        source = tail.source
        p += tail.words.length
        break
      }
    }
    if (type < 0) {
      p = this.typeAndSource(p)
      if (p < 0) return 0
      type = this.readType
      source = this.readSource
    }
    const separator = b[p] as number
    if (separator !== 44 && separator !== 93) return 0
    if (app < 0) {
      app = this.plainApp(appStart, appEnd, hash)
      if (app < 0) return 0
    }
    this.builder.pushPlain(this.plainTs, app, type, source)
    this.p = p + 1
    return separator
  }

  /** what typeAndSource read */
  private readType = 0
  private readSource = 0

  /**
   * `","type":"<ours>","source_type":"<ours>"}` at p in any pairing of our names (the usual
   * pairs are matched whole in plainSignal): the position after it, with the codes in readType
   * and readSource, or -1.
   */
  private typeAndSource(at: number): number {
    const b = this.b
    let p = at
    if (!this.wordsEqual(p, PLAIN_TYPE)) return -1
    p += PLAIN_TYPE.length
    const type = this.plainName(p, TYPE_WORDS, TYPES_BY_FIRST)
    if (type < 0) return -1
    p += (TYPE_WORDS[type] as ByteWords).length
    if (!this.wordsEqual(p, PLAIN_SOURCE)) return -1
    p += PLAIN_SOURCE.length
    const source = this.plainName(p, SOURCE_WORDS, SOURCES_BY_FIRST)
    if (source < 0) return -1
    p += (SOURCE_WORDS[source] as ByteWords).length
    if (b[p] !== 34 || b[p + 1] !== 125) return -1
    this.readType = type
    this.readSource = source
    return p + 2
  }

  /** The day (`YYYY-MM-DDT`, 11 bytes) of the last timestamp read in full, as the words at its
   * offsets 0, 4 and 7, and its epoch ms at 00:00. */
  private day0 = 0
  private day4 = 0
  private day7 = 0
  private dayMs = Number.NaN

  /** the epoch ms of the timestamp plainTimestamp read (a field, not a return value: a double
   * returned from a call is a fresh heap number each time, a million of them for a large request) */
  private plainTs = 0

  /**
   * A 20-character UTC timestamp at p: true with its epoch ms in plainTs, false when it is not
   * one. Consecutive signals mostly fall on one day: when the day's bytes are those of the last
   * timestamp read in full, only the time of day is read (checked as parseIsoUtcBytes checks it),
   * and the sum is the same integer parseIsoUtcBytes gives: day * 86,400,000 + h * 3,600,000 +
   * m * 60,000 + s * 1000.
   */
  private plainTimestamp(p: number): boolean {
    const b = this.b
    const view = this.view
    if (
      this.dayMs === this.dayMs &&
      view.getInt32(p, true) === this.day0 &&
      view.getInt32(p + 4, true) === this.day4 &&
      view.getInt32(p + 7, true) === this.day7
    ) {
      if (b[p + 13] !== 58 || b[p + 16] !== 58 || b[p + 19] !== 90) return false
      const h = digitPair(b[p + 11] as number, b[p + 12] as number)
      const m = digitPair(b[p + 14] as number, b[p + 15] as number)
      const s = digitPair(b[p + 17] as number, b[p + 18] as number)
      if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 59) return false
      this.plainTs = this.dayMs + (h * 3_600_000 + m * 60_000 + s * 1000)
      return true
    }
    const ts = parseBytes(b, p, p + 20)
    if (ts === ts) {
      // a valid timestamp: its time-of-day digits are digits and in range
      const timeOfDay =
        digitPair(b[p + 11] as number, b[p + 12] as number) * 3_600_000 +
        digitPair(b[p + 14] as number, b[p + 15] as number) * 60_000 +
        digitPair(b[p + 17] as number, b[p + 18] as number) * 1000
      this.day0 = view.getInt32(p, true)
      this.day4 = view.getInt32(p + 4, true)
      this.day7 = view.getInt32(p + 7, true)
      this.dayMs = ts - timeOfDay
      this.plainTs = ts
      return true
    }
    return false
  }

  /** The code of the name at p followed by its closing quote, or -1; `byFirst` (see
   * codesByFirstByte) holds the only codes whose name starts with the byte at p. */
  protected plainName(p: number, names: readonly ByteWords[], byFirst: readonly (readonly number[])[]): number {
    const codes = byFirst[this.b[p] as number] as readonly number[]
    for (let i = 0; i < codes.length; i++) {
      const code = codes[i] as number
      const name = names[code] as ByteWords
      if (this.b[p + name.length] === 34 && this.wordsEqual(p, name)) return code
    }
    return -1
  }

  /** App names interned by their bytes (hash, then a byte check): no string per signal. */
  protected readonly appByHash = new Map<number, KnownApp>()

  protected plainApp(start: number, end: number, hash: number): number {
    const known = this.appByHash.get(hash)
    if (known !== undefined) {
      const bytes = known.bytes
      if (bytes.length === end - start && this.bytesEqual(start, bytes)) {
        this.lastPlainApp = known
        return known.index
      }
      return this.plainAppIndex(start, end) // a hash collision: rare
    }
    if (end === start || end - start > MAX_APP_LENGTH) return -1 // the general reader says why
    const name = decoder.decode(this.b.subarray(start, end))
    if (name.length > MAX_APP_LENGTH) return -1
    const index = this.builder.internApp(name)
    const bytes = this.b.slice(start, end)
    const met: KnownApp = { bytes, words: bytes.length >= 4 ? new ByteWords(bytes) : null, index }
    this.appByHash.set(hash, met)
    this.lastPlainApp = met
    return index
  }

  /** The app of the last plain signal read by a scan (see plainSignal); at first none. */
  protected lastPlainApp: KnownApp = { bytes: new Uint8Array(0), words: null, index: -1 }
}
