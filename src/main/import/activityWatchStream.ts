// An ActivityWatch export read as it arrives (#28: one reader for every input), by a purpose-built
// incremental reader: a scanner follows the document's structure across chunks and cuts out each
// event (an element of a bucket's `events` list) as one piece of text for JSON.parse, which is
// handed to ActivityWatchEvents (activityWatch.ts) at once and dropped. Neither the text nor the
// parsed export is ever whole in memory: only the event in progress is carried to the next chunk.
//
// Everything outside the events (the root, `buckets`, each bucket's fields) is kept as a skeleton
// with every event replaced by `0` — a few bytes per event — and read by JSON.parse at the end,
// so the document is checked exactly as JSON.parse checks it: each event by its own parse, the
// rest by the skeleton's. Keys and plain values up to a bucket's fields are parsed as they end
// (a bucket's id, `type` and `hostname`). A bucket's events are mapped as they come once its
// `type` and `hostname` have been seen (aw-server and aw-server-rust both write them before
// `events`); otherwise they wait for the end of their bucket.
//
// Chosen by measurement over @streamparser/json (a general streaming parser). A 53 MB export of
// 230,000 window events, read and mapped in one process (2-core machine, two runs each):
// JSON.parse of the whole text + mapping 0.58–0.88 s, peak RSS 336–346 MB; @streamparser/json +
// mapping 2.2–2.3 s; this reader + mapping 0.98–1.2 s, peak RSS 234–235 MB.
import { TextDecoder } from 'node:util'
import { ImportInputError, type ImportCollector } from './importSignals'
import {
  ActivityWatchEvents,
  isReadBucketType,
  NOT_AN_EXPORT,
  type ActivityWatchInfo,
  type AwBucketType,
} from './activityWatch'
import { runSteps } from './importSteps'

const QUOTE = 34
const BACKSLASH = 92
const OPEN_BRACE = 123
const CLOSE_BRACE = 125
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const COLON = 58
const COMMA = 44
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9
const endsPlainValue = (c: number) =>
  c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COLON || isSpace(c)

interface Frame {
  array: boolean
  key: string | null
  expectKey: boolean
}

interface OpenBucket {
  id: string
  type: unknown
  hostname: unknown
  typeSeen: boolean
  hostnameSeen: boolean
  decided: 'read' | 'ignored' | null
  pending: { position: number; raw: unknown }[]
  events: number
}

/** A piece of text being cut out: an event (`element`) or a key or plain value before one (`token`). */
interface Piece {
  start: number
  kind: 'container' | 'string' | 'plain'
  /** containers: how deep inside the piece the scan is */
  nest: number
  /** tokens: a key (else a plain value) */
  isKey: boolean
}

const notJson = (error: unknown) =>
  new ImportInputError(
    `input is not JSON: ${(error instanceof Error ? error.message : String(error)).replace(/\s+/gu, ' ').slice(0, 200)}`,
  )

function parsePiece(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw notJson(error)
  }
}

export class ActivityWatchStream {
  private readonly reader: ActivityWatchEvents
  private readonly decoder = new TextDecoder('utf-8')
  private readonly frames: Frame[] = []
  private readonly skeleton: string[] = []
  private rootIsObject = false
  private bucketsAreObject = false
  private bucket: OpenBucket | null = null
  /** text not yet consumed, from the start of a piece in progress */
  private buf = ''
  private i = 0
  private skeletonFrom = 0
  private inString = false
  private escaped = false
  private element: Piece | null = null
  private token: Piece | null = null

  constructor(collector: ImportCollector) {
    this.reader = new ActivityWatchEvents(collector)
  }

  /** The next chunk of the export, bytes or text, cut anywhere. */
  push(chunk: Uint8Array | string): void {
    this.buf += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true })
    this.scan()
    this.keepOnlyWhatIsNeeded()
  }

  /** After the last chunk: the document is checked and the mapping's signals go to the collector. */
  end(): ActivityWatchInfo {
    this.buf += this.decoder.decode()
    this.scan()
    // A plain value can only end with the input.
    if (this.element?.kind === 'plain') this.endElement(this.buf.length)
    if (this.token?.kind === 'plain') this.endToken(this.buf.length)
    // Cut off inside an event, the skeleton lacks its closing brackets: its parse says so.
    if (!this.element) this.skeleton.push(this.buf.slice(this.skeletonFrom))
    const root = parsePiece(this.skeleton.join(''))
    if (!this.rootIsObject || !this.bucketsAreObject || typeof root !== 'object' || root === null)
      throw new ImportInputError(NOT_AN_EXPORT)
    return runSteps(this.reader.finish())
  }

  private keepOnlyWhatIsNeeded(): void {
    const from = this.element ? this.element.start : this.token ? this.token.start : this.buf.length
    if (!this.element) {
      this.skeleton.push(this.buf.slice(this.skeletonFrom, from))
      this.skeletonFrom = 0
    }
    this.buf = this.buf.slice(from)
    this.i -= from
    if (this.element) this.element.start -= from
    if (this.token) this.token.start -= from
  }

  private scan(): void {
    const buf = this.buf
    const n = buf.length
    let i = this.i
    while (i < n) {
      const c = buf.charCodeAt(i)
      const piece = this.element ?? this.token
      if (piece) {
        if (piece.kind === 'plain') {
          if (endsPlainValue(c)) {
            if (this.element) this.endElement(i)
            else this.endToken(i)
            continue // the delimiter is read as structure
          }
          i++
          continue
        }
        // inside a string or a container: the tight loop over most of the input (state in locals)
        let inString = this.inString
        let escaped = this.escaped
        let nest = piece.nest
        const isString = piece.kind === 'string'
        for (; i < n; i++) {
          const d = buf.charCodeAt(i)
          if (inString) {
            if (escaped) escaped = false
            else if (d === BACKSLASH) escaped = true
            else if (d === QUOTE) {
              inString = false
              if (isString) break
            }
          } else if (d === QUOTE) inString = true
          else if (d === OPEN_BRACE || d === OPEN_BRACKET) nest++
          else if ((d === CLOSE_BRACE || d === CLOSE_BRACKET) && --nest === 0) break
        }
        this.inString = inString
        this.escaped = escaped
        piece.nest = nest
        if (i === n) break
        i++
        if (this.element) this.endElement(i)
        else this.endToken(i)
        continue
      }
      i++
      if (isSpace(c)) continue
      const top = this.frames.at(-1)
      switch (c) {
        case OPEN_BRACE:
        case OPEN_BRACKET:
          if (this.atEvent()) {
            this.startElement(i - 1, 'container')
            break
          }
          this.valueStarts(c === OPEN_BRACE ? 'object' : 'array', undefined)
          this.frames.push({ array: c === OPEN_BRACKET, key: null, expectKey: c === OPEN_BRACE })
          break
        case CLOSE_BRACE:
        case CLOSE_BRACKET:
          this.frames.pop()
          // A bucket's object closed: back in the buckets object (root > buckets).
          if (c === CLOSE_BRACE && this.frames.length === 2 && this.inBuckets()) this.endBucket()
          break
        case COLON:
          if (top) top.expectKey = false
          break
        case COMMA:
          if (top && !top.array) top.expectKey = true
          break
        case QUOTE:
          if (this.atEvent()) this.startElement(i - 1, 'string')
          else this.startToken(i - 1, 'string', top !== undefined && !top.array && top.expectKey)
          break
        default:
          if (this.atEvent()) this.startElement(i - 1, 'plain')
          else this.startToken(i - 1, 'plain', false)
      }
      // a string piece starts inside its opening quote
      if (c === QUOTE) this.inString = true
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.element) this.element.nest = 1
      }
    }
    this.i = i
  }

  /** An element of the current bucket's `events` list begins here (root > buckets > bucket > events). */
  private atEvent(): boolean {
    return (
      this.frames.length === 4 &&
      this.bucket !== null &&
      this.frames[3]?.array === true &&
      this.frames[2]?.key === 'events' &&
      this.inBuckets()
    )
  }

  private startElement(start: number, kind: Piece['kind']): void {
    this.skeleton.push(this.buf.slice(this.skeletonFrom, start), '0')
    this.element = { start, kind, nest: 0, isKey: false }
  }

  private endElement(end: number): void {
    const element = this.element as Piece
    this.element = null
    this.skeletonFrom = end
    this.event(parsePiece(this.buf.slice(element.start, end)))
  }

  private startToken(start: number, kind: Piece['kind'], isKey: boolean): void {
    this.token = { start, kind, nest: 0, isKey }
  }

  private endToken(end: number): void {
    const token = this.token as Piece
    this.token = null
    const value = parsePiece(this.buf.slice(token.start, end))
    const top = this.frames.at(-1)
    if (token.isKey && top) top.key = String(value)
    else this.valueStarts('plain', value)
  }

  private inBuckets(): boolean {
    return this.rootIsObject && this.frames[0]?.key === 'buckets' && this.bucketsAreObject
  }

  /** A value begins at the current depth: the root, `buckets`, a bucket, or a bucket's field. */
  private valueStarts(kind: 'object' | 'array' | 'plain', value: unknown): void {
    const depth = this.frames.length
    if (depth === 0) this.rootIsObject = kind === 'object'
    else if (depth === 1 && this.rootIsObject && this.frames[0]?.key === 'buckets')
      this.bucketsAreObject = kind === 'object'
    else if (depth === 2 && this.inBuckets()) {
      const id = this.frames[1]?.key ?? ''
      if (kind === 'object') {
        this.bucket = {
          id,
          type: undefined,
          hostname: undefined,
          typeSeen: false,
          hostnameSeen: false,
          decided: null,
          pending: [],
          events: 0,
        }
      } else this.reader.ignoreBucket(id, 0)
    } else if (depth === 3 && this.bucket && this.inBuckets()) {
      const field = this.frames[2]?.key
      const bucket = this.bucket
      // Only a plain value counts; an object or array there is no type a bucket could have.
      const plain = kind === 'plain' ? value : {}
      if (field === 'type') {
        bucket.type = plain
        bucket.typeSeen = true
      } else if (field === 'hostname') {
        bucket.hostname = plain
        bucket.hostnameSeen = true
      }
    }
  }

  private event(value: unknown): void {
    const bucket = this.bucket
    if (!bucket) return
    const position = bucket.events++
    if (bucket.decided === null && bucket.typeSeen) {
      if (!isReadBucketType(bucket.type)) bucket.decided = 'ignored'
      else if (bucket.hostnameSeen) this.begin(bucket)
    }
    if (bucket.decided === 'read') this.reader.event(position, value)
    else if (bucket.decided === null) bucket.pending.push({ position, raw: value })
  }

  private begin(bucket: OpenBucket): void {
    bucket.decided = 'read'
    this.reader.beginBucket(bucket.id, bucket.type as AwBucketType, bucket.hostname)
  }

  private endBucket(): void {
    const bucket = this.bucket
    this.bucket = null
    if (!bucket) return
    if (bucket.decided === null) {
      if (isReadBucketType(bucket.type)) this.begin(bucket)
      else bucket.decided = 'ignored'
    }
    if (bucket.decided === 'ignored') return this.reader.ignoreBucket(bucket.id, bucket.events)
    for (const { position, raw } of bucket.pending) this.reader.event(position, raw)
  }
}
