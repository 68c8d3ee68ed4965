// The byte reader's ground floor (see requestReader.ts): a window of UTF-8 bytes with a position,
// and JSON's grammar over it (strings, numbers, literals, nested values), exactly as JSON.parse
// reads it. Running off the window's end is not an error while more bytes may come (NEED_MORE:
// the caller retries from a safe point once they are there); anything JSON would not take, or
// that the reader does not take, is NotFast with the byte where it happened.

/** The input is not of the shape the reader takes (or not JSON at all): why, and at which byte. */
export class NotFast extends Error {}
/** The window ends inside a value: more bytes, then retry from a safe point. */
class NeedMore extends Error {}
export const NEED_MORE = new NeedMore()

export const decoder = new TextDecoder('utf-8')
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57
const MAX_DEPTH = 512

/** Where a string's content lies in the window, and whether it holds an escape. */
export interface ByteRange {
  start: number
  end: number
  escaped: boolean
}

const viewOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/**
 * A constant of at least 4 bytes as little-endian 32-bit words at offsets 0, 4, 8… and the last
 * one at `length - 4` (overlapping the one before): comparing a key or separator costs a
 * quarter of the reads of comparing it byte by byte.
 */
export class ByteWords {
  readonly at: number[] = []
  readonly words: number[] = []
  readonly length: number
  /** the first and the last word as fields: most names are at most 8 bytes, and then these two
   * are all there is to compare (wordsEqual), without a loop over the arrays */
  readonly first: number
  readonly last: number

  constructor(readonly bytes: Uint8Array) {
    if (bytes.length < 4) throw new Error('ByteWords needs at least 4 bytes')
    this.length = bytes.length
    const view = viewOf(bytes)
    for (let at = 0; at < bytes.length; at += 4) {
      const offset = Math.min(at, bytes.length - 4)
      this.at.push(offset)
      this.words.push(view.getInt32(offset, true))
    }
    this.first = this.words[0] as number
    this.last = this.words[this.words.length - 1] as number
  }
}

export class JsonBytes {
  protected p = 0
  /** the bytes read so far that are still needed (a view of `buffer`) */
  protected b: Uint8Array
  protected buffer: Uint8Array
  /** `buffer` read four bytes at a time (see ByteWords) */
  protected view: DataView
  /** no more bytes will come: running off the end is an error, not a reason to read on */
  protected final: boolean
  /** bytes dropped from the front of the window so far: `dropped + p` is the input's byte offset */
  protected dropped = 0

  constructor(buffer: Uint8Array, length: number, final: boolean) {
    this.buffer = buffer
    this.view = viewOf(buffer)
    this.final = final
    this.b = buffer.subarray(0, length)
  }

  /** The window moves to a new (larger) buffer. */
  protected useBuffer(buffer: Uint8Array): void {
    this.buffer = buffer
    this.view = viewOf(buffer)
  }

  /** The bytes at `start` are those of `expected`, compared four at a time (the caller makes
   * sure the window holds them: a DataView throws past its end where a typed array answers undefined). */
  protected wordsEqual(start: number, expected: ByteWords): boolean {
    const view = this.view
    if (view.getInt32(start, true) !== expected.first) return false
    if (view.getInt32(start + expected.length - 4, true) !== expected.last) return false
    const at = expected.at
    const words = expected.words
    for (let i = 1; i < at.length - 1; i++)
      if (view.getInt32(start + (at[i] as number), true) !== words[i]) return false
    return true
  }

  /** Not the expected shape (NotFast), or just the end of the window so far (NeedMore). */
  protected fail(at: number = this.p): never {
    if (at >= this.b.length) {
      if (!this.final) throw NEED_MORE
      throw new NotFast(`the input ends early, after ${this.dropped + this.b.length} bytes`)
    }
    const c = this.b[at] as number
    const shown = c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`
    throw new NotFast(`unexpected ${shown} at byte ${this.dropped + at}`)
  }

  protected text(field: ByteRange): string {
    const raw = decoder.decode(this.b.subarray(field.start, field.end))
    return field.escaped ? (JSON.parse(`"${raw}"`) as string) : raw
  }

  protected json(field: ByteRange): unknown {
    return JSON.parse(decoder.decode(this.b.subarray(field.start, field.end)))
  }

  protected keyIs(key: ByteRange, expected: Uint8Array): boolean {
    if (key.escaped) return this.text(key) === decoder.decode(expected)
    return key.end - key.start === expected.length && this.bytesEqual(key.start, expected)
  }

  protected bytesEqual(start: number, expected: Uint8Array): boolean {
    const b = this.b
    for (let i = 0; i < expected.length; i++) if (b[start + i] !== expected[i]) return false
    return true
  }

  protected sameBytes(a: number, b: number, length: number): boolean {
    const bytes = this.b
    for (let i = 0; i < length; i++) if (bytes[a + i] !== bytes[b + i]) return false
    return true
  }

  // ---- JSON grammar -------------------------------------------------------------------------

  protected readonly key = { start: 0, end: 0, escaped: false }

  /** A string at p; returns its content range (reused object: copy what you keep). */
  protected string(): ByteRange {
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

  protected ws(): void {
    const b = this.b
    let c = b[this.p]
    while (c === 32 || c === 10 || c === 13 || c === 9) c = b[++this.p]
  }

  protected expect(c: number): void {
    if (this.b[this.p] !== c) this.fail()
    this.p++
  }

  protected skipValue(depth: number): void {
    if (depth > MAX_DEPTH) throw new NotFast(`nested deeper than ${MAX_DEPTH} levels at byte ${this.dropped + this.p}`)
    const b = this.b
    const c = b[this.p]
    if (c === 34) {
      this.string()
    } else if (c === 123 || c === 91) {
      // an object's members or an array's elements: the same loop, an object's with its keys
      const close = c === 123 ? 125 : 93
      this.p++
      this.ws()
      if (b[this.p] === close) {
        this.p++
        return
      }
      for (;;) {
        this.ws()
        if (c === 123) {
          this.string()
          this.ws()
          this.expect(58)
          this.ws()
        }
        this.skipValue(depth + 1)
        this.ws()
        if (b[this.p] === 44) {
          this.p++
          continue
        }
        this.expect(close)
        return
      }
    } else if (c === 116) this.literal('true')
    else if (c === 102) this.literal('false')
    else if (c === 110) this.literal('null')
    else this.number()
  }

  protected literal(word: string): void {
    for (let i = 0; i < word.length; i++) if (this.b[this.p + i] !== word.charCodeAt(i)) this.fail(this.p + i)
    this.p += word.length
  }

  protected number(): void {
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
