// An ActivityWatch export read as it arrives (#28: one reader for every input): chunks go to an
// incremental JSON parser (@streamparser/json) and each event is handed to ActivityWatchEvents
// (activityWatch.ts) as soon as it is parsed, then dropped from the parse tree (keepStack: false),
// so neither the text nor the whole parsed export is ever held. Measured on a 69.6 MB export
// (330,000 events): JSON.parse of the text 1.0 s, this reader 2.2 s; it runs in the import worker
// (importWorker.ts), so the slower read costs no responsiveness and the memory stays bounded.
//
// The parser emits only the events. What the mapping needs around them (is the root an object,
// is `buckets` one, each bucket's id, `type` and `hostname`, where a bucket ends) is followed on
// the token stream: a few frames deep, nothing kept. A bucket's events are mapped as they come
// once its `type` and `hostname` have been seen (aw-server and aw-server-rust both write them
// before `events`); otherwise they wait for the end of their bucket.
import { JSONParser, TokenType } from '@streamparser/json'
import { ImportInputError, type ImportCollector } from './importSignals'
import { ActivityWatchEvents, isReadBucketType, NOT_AN_EXPORT, type ActivityWatchInfo } from './activityWatch'
import { runSteps } from './importSteps'

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

export class ActivityWatchStream {
  private readonly reader: ActivityWatchEvents
  private readonly parser = new JSONParser({ paths: ['$.buckets.*.events.*'], keepStack: false })
  private readonly frames: Frame[] = []
  private rootSeen = false
  private rootIsObject = false
  private bucketsAreObject = false
  private bucket: OpenBucket | null = null
  private ended = false
  /** a high surrogate held back from the end of a text chunk (its pair starts the next one) */
  private carry = ''

  constructor(collector: ImportCollector) {
    this.reader = new ActivityWatchEvents(collector)
    this.parser.onToken = ({ token, value }) => this.token(token, value)
    this.parser.onValue = ({ value, key, parent }) => this.event(value, key, parent)
    this.parser.onEnd = () => void (this.ended = true)
  }

  /** The next chunk of the export, bytes or text, cut anywhere. */
  push(chunk: Uint8Array | string): void {
    let input = chunk
    if (typeof input === 'string') {
      input = this.carry + input
      this.carry = ''
      const last = input.charCodeAt(input.length - 1)
      if (last >= 0xd800 && last <= 0xdbff) {
        this.carry = input.slice(-1)
        input = input.slice(0, -1)
      }
      if (input === '') return
    }
    this.guard(() => this.parser.write(input))
  }

  /** After the last chunk: the mapping's signals go to the collector. */
  end(): ActivityWatchInfo {
    if (this.carry !== '') this.guard(() => this.parser.write(this.carry))
    if (!this.ended) this.guard(() => this.parser.end())
    if (!this.rootSeen) throw new ImportInputError('input is not JSON: it is empty')
    if (!this.rootIsObject || !this.bucketsAreObject) throw new ImportInputError(NOT_AN_EXPORT)
    return runSteps(this.reader.finish())
  }

  private guard(step: () => void): void {
    try {
      step()
    } catch (error) {
      if (error instanceof ImportInputError) throw error
      const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/gu, ' ').slice(0, 200)
      throw new ImportInputError(`input is not JSON: ${reason}`)
    }
  }

  private token(token: TokenType, value: unknown): void {
    const top = this.frames.at(-1)
    switch (token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        this.valueStarts(token === TokenType.LEFT_BRACE ? 'object' : 'array', undefined)
        this.frames.push({ array: token === TokenType.LEFT_BRACKET, key: null, expectKey: token === TokenType.LEFT_BRACE })
        return
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.frames.pop()
        // A bucket's object closed: back in the buckets object (root > buckets).
        if (token === TokenType.RIGHT_BRACE && this.frames.length === 2 && this.inBuckets()) this.endBucket()
        return
      case TokenType.COLON:
        if (top) top.expectKey = false
        return
      case TokenType.COMMA:
        if (top && !top.array) top.expectKey = true
        return
      case TokenType.STRING:
        if (top && !top.array && top.expectKey) {
          top.key = value as string
          return
        }
        this.valueStarts('primitive', value)
        return
      default:
        this.valueStarts('primitive', value)
    }
  }

  private inBuckets(): boolean {
    return this.rootIsObject && this.frames[0]?.key === 'buckets' && this.bucketsAreObject
  }

  /** A value begins at the current depth: the root, `buckets`, a bucket, or a bucket's field. */
  private valueStarts(kind: 'object' | 'array' | 'primitive', value: unknown): void {
    const depth = this.frames.length
    if (depth === 0) {
      this.rootSeen = true
      this.rootIsObject = kind === 'object'
    } else if (depth === 1 && this.rootIsObject && this.frames[0]?.key === 'buckets') this.bucketsAreObject = kind === 'object'
    else if (depth === 2 && this.inBuckets()) {
      const id = this.frames[1]?.key ?? ''
      if (kind === 'object') {
        this.bucket = { id, type: undefined, hostname: undefined, typeSeen: false, hostnameSeen: false, decided: null, pending: [], events: 0 }
      } else this.reader.ignoreBucket(id, 0)
    } else if (depth === 3 && this.bucket && this.inBuckets()) {
      const field = this.frames[2]?.key
      const bucket = this.bucket
      // Only a plain value counts; an object or array there is no type a bucket could have.
      const plain = kind === 'primitive' ? value : {}
      if (field === 'type') {
        bucket.type = plain
        bucket.typeSeen = true
      } else if (field === 'hostname') {
        bucket.hostname = plain
        bucket.hostnameSeen = true
      }
    }
  }

  private event(value: unknown, key: unknown, parent: unknown): void {
    const bucket = this.bucket
    if (!bucket || !Array.isArray(parent) || typeof key !== 'number' || !this.inBuckets()) return
    bucket.events++
    if (bucket.decided === null && bucket.typeSeen) {
      if (!isReadBucketType(bucket.type)) bucket.decided = 'ignored'
      else if (bucket.hostnameSeen) this.begin(bucket)
    }
    if (bucket.decided === 'read') this.reader.event(key, value)
    else if (bucket.decided === null) bucket.pending.push({ position: key, raw: value })
  }

  private begin(bucket: OpenBucket): void {
    bucket.decided = 'read'
    this.reader.beginBucket(bucket.id, bucket.type as 'currentwindow' | 'afkstatus', bucket.hostname)
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
