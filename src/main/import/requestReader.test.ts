// The CLI's byte reader against JSON.parse + the object decoder, on random and adversarial
// requests: whatever the reader accepts must decode to exactly the table the general path gives,
// and whatever it declines, the general path reads or rejects with a reason. Plain signals (the
// layout the reader takes straight through) are mixed with near misses of that layout, so both
// of its paths and the hand-over between them are exercised. Every property also runs on the
// input pushed in chunks as a pipe brings it (IngestRequestPush, what stdin goes through).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSignals } from '../../shared/heuristics/decodeSignals'
import { SIGNAL_TYPES, SOURCE_TYPES, type SignalTable } from '../../shared/heuristics/signalTable'
import { IngestRequestError, readIngestRequest } from './ingestRequest'
import {
  IngestRequestPush,
  parseIngestRequestBytes,
  parseIngestRequestStream,
  SIGNAL_MARGIN,
  type FastReadResult,
} from '../../shared/heuristics/requestReader'

const encode = (text: string) => new TextEncoder().encode(text)
const T0 = Date.parse('2024-01-24T09:00:00Z')

const appName = fc.oneof(
  { arbitrary: fc.constantFrom('vscode', 'chrome', 'outlook', 'zoom', 'Microsoft Word'), weight: 6 },
  {
    arbitrary: fc.constantFrom('café', 'Мой офис', '日本語', '🙂 app', 'a"b', 'back\\slash', 'tab\there', ''),
    weight: 2,
  },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  { arbitrary: fc.string({ minLength: 250, maxLength: 400 }), weight: 1 }, // over the app-name limit
)
const timestamp = fc.oneof(
  {
    arbitrary: fc
      .integer({ min: 0, max: 86_400 })
      .map((s) => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z')),
    weight: 6,
  },
  { arbitrary: fc.integer({ min: 0, max: 86_400_000 }).map((ms) => new Date(T0 + ms).toISOString()), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      '2024-02-30T09:00:00Z',
      '2024-01-24 09:00:00Z',
      '2024-01-24T09:00:00+01:00',
      '',
      'yesterday',
    ),
    weight: 1,
  },
  // the day of the valid ones with a time of day that is not one (the reader reads only the time
  // of day when the day is that of the timestamp before)
  {
    arbitrary: fc.constantFrom(
      '2024-01-24T24:00:00Z',
      '2024-01-24T09:60:00Z',
      '2024-01-24T09:00:60Z',
      '2024-01-24T0x:00:00Z',
      '2024-01-24T09-00:00Z',
      '2024-01-24T09:00:00z',
      '2024-01-24T-1:00:00Z',
    ),
    weight: 1,
  },
)
const typeName = fc.oneof(
  { arbitrary: fc.constantFrom(...SIGNAL_TYPES), weight: 6 },
  { arbitrary: fc.constantFrom('scroll', 'Key', 'app_switch', '__proto__', 'pen_stroke', 'mouse-move'), weight: 1 },
)
const sourceName = fc.oneof(
  { arbitrary: fc.constantFrom(...SOURCE_TYPES), weight: 6 },
  { arbitrary: fc.constantFrom('Mouse', 'x', 'app'), weight: 1 },
)

/** One signal as text: the plain layout, or a near miss of it that means the same or not. */
const signalText = fc
  .record({
    timestamp,
    app: appName,
    type: typeName,
    source: sourceName,
    layout: fc.constantFrom(
      'plain',
      'plain',
      'plain',
      'spaced',
      'reordered',
      'escaped',
      'extra',
      'title',
      'count',
      'nullApp',
      'notObject',
    ),
  })
  .map(({ timestamp: ts, app, type, source, layout }) => {
    const q = (value: string) => JSON.stringify(value)
    switch (layout) {
      case 'spaced':
        return `{ "timestamp" : ${q(ts)} , "app": ${q(app)},\n"type":${q(type)},"source_type":${q(source)} }`
      case 'reordered':
        return `{"app":${q(app)},"timestamp":${q(ts)},"source_type":${q(source)},"type":${q(type)}}`
      case 'escaped': // the same names through \u escapes
        return `{"timestamp":${q(ts)},"app":${q(app).replace(/o/g, '\\u006f')},"type":${q(type).replace(/e/g, '\\u0065')},"source_type":${q(source)}}`
      case 'extra':
        return `{"timestamp":${q(ts)},"app":${q(app)},"type":${q(type)},"source_type":${q(source)},"x":{"deep":[1,[2,[3]]]}}`
      case 'title':
        return `{"timestamp":${q(ts)},"app":${q(app)},"type":${q(type)},"source_type":${q(source)},"title":${q(`${app} – draft ${'x'.repeat(app.length * 3)}`)}}`
      case 'count':
        return `{"timestamp":${q(ts)},"app":${q(app)},"type":${q(type)},"source_type":${q(source)},"count":${app.length}}`
      case 'nullApp':
        return `{"timestamp":${q(ts)},"app":null,"type":${q(type)},"source_type":${q(source)}}`
      case 'notObject':
        return q(app)
      default:
        return `{"timestamp":${q(ts)},"app":${q(app)},"type":${q(type)},"source_type":${q(source)}}`
    }
  })

const requestText = fc
  .record({
    signals: fc.array(signalText, { maxLength: 40 }),
    idle: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
    before: fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
  })
  .map(({ signals, idle, before }) => {
    const head = before === undefined ? '' : `"before":${JSON.stringify(before)},`
    const tail = idle === undefined ? '' : `,"idle_threshold_minutes":${idle}`
    return `{${head}"activity_signals":[${signals.join(',')}]${tail}}`
  })

/** What the general path reads: JSON.parse and the object decoder. */
function generalTable(text: string): SignalTable {
  return decodeSignals((JSON.parse(text) as { activity_signals: unknown[] }).activity_signals)
}

/** A source handing out at most `readSize` bytes per read. */
function slowSource(bytes: Uint8Array, readSize: number) {
  let offset = 0
  return {
    read(into: Uint8Array, at: number, length: number) {
      const n = Math.min(length, readSize, bytes.length - offset)
      into.set(bytes.subarray(offset, offset + n), at)
      offset += n
      return n
    },
  }
}

/** The bytes pushed as a pipe brings them: chunks of the given sizes (cycled), then the end. The
 * size hint only sizes the table (a pipe's unknown size makes a table for 1M signals, which
 * costs milliseconds, hundreds of times over here). No signal margin unless given: every chunk
 * boundary inside the array then falls inside a signal, and the reader reads it again whole. */
function pushed(bytes: Uint8Array, sizes: readonly number[], signalMargin = 0): FastReadResult {
  const reader = new IngestRequestPush(Math.max(1, bytes.length), signalMargin)
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] as number
    if (!reader.push(bytes.subarray(at, at + size))) break
    at += size
  }
  return reader.end()
}
/** The bytes inside a larger buffer, starting at byte 3 of it. */
function atOddOffset(bytes: Uint8Array): Uint8Array {
  const larger = new Uint8Array(bytes.length + 7).fill(0x22)
  larger.set(bytes, 3)
  return larger.subarray(3, 3 + bytes.length)
}
const chunkSizes = fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 6 })

describe('the CLI byte reader (property-based)', () => {
  it('decodes every request of the seed shape to exactly the table JSON.parse + the decoder give, whole or pushed in chunks', () => {
    fc.assert(
      fc.property(requestText, chunkSizes, (text, sizes) => {
        const fast = parseIngestRequestBytes(encode(text))
        expect(fast).not.toBeNull()
        expect(fast?.table).toEqual(generalTable(text))
        // the same bytes at an odd offset of a larger buffer, as Node's pooled Buffers hold them
        expect(parseIngestRequestBytes(atOddOffset(encode(text)))?.table).toEqual(fast?.table)
        const streamed = pushed(encode(text), sizes)
        expect(streamed.declined).toBeNull()
        expect(streamed.request?.table).toEqual(fast?.table)
        expect(streamed.request?.thresholds).toEqual(fast?.thresholds)
        // as the CLI reads: near the end of what has come, the next signal waits for more bytes
        expect(pushed(encode(text), sizes, SIGNAL_MARGIN).request?.table).toEqual(fast?.table)
      }),
      { numRuns: 400 },
    )
  })

  it('reading in chunks of any size gives what reading the whole buffer gives (or both decline)', () => {
    const text = fc.oneof(
      requestText,
      fc.jsonValue().map((v) => JSON.stringify(v)),
      requestText.map((t) => t.slice(0, -3)),
    )
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 96 }), fc.integer({ min: 1, max: 200 }), (json, chunk, readSize) => {
        const bytes = encode(json)
        const whole = parseIngestRequestBytes(bytes)
        const streamed = parseIngestRequestStream(slowSource(bytes, readSize), bytes.length, chunk, 0)
        expect(streamed === null).toBe(whole === null)
        if (whole && streamed) {
          expect(streamed.thresholds).toEqual(whole.thresholds)
          expect(streamed.table).toEqual(whole.table)
        }
        expect(parseIngestRequestStream(slowSource(bytes, readSize), bytes.length, chunk)).toEqual(streamed)
        const fromPipe = pushed(bytes, [chunk, readSize])
        expect(fromPipe.request === null).toBe(whole === null)
        if (whole) expect(fromPipe.request).toEqual(whole)
      }),
      { numRuns: 300 },
    )
  })

  it('a stream that stops early (stdin closed) is refused as ending early, at the byte it stopped', () => {
    fc.assert(
      fc.property(
        requestText,
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        chunkSizes,
        (text, at, sizes) => {
          const bytes = encode(text)
          const cut = bytes.subarray(0, Math.floor(bytes.length * at))
          expect(pushed(cut, sizes)).toEqual({
            request: null,
            declined: `the input ends early, after ${cut.length} bytes`,
          })
        },
      ),
      { numRuns: 200 },
    )
  })

  it('any cut of a request is refused as not JSON, by the reader and the general path alike', () => {
    fc.assert(
      fc.property(requestText, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (text, at) => {
        const cut = text.slice(0, Math.floor(text.length * at))
        expect(parseIngestRequestBytes(encode(cut))).toBeNull()
        expect(() => readIngestRequest(encode(cut))).toThrow(IngestRequestError)
      }),
      { numRuns: 200 },
    )
  })

  it('anything JSON.parse reads, the CLI reads to the same table; anything else is refused with a reason', () => {
    const anyText = fc.oneof(
      requestText,
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      requestText.map((t) => t.replace(/"app"/, '"app\\"')),
    )
    fc.assert(
      fc.property(anyText, (text) => {
        let expected: SignalTable | null = null
        try {
          expected = generalTable(text)
        } catch {
          expected = null
        }
        if (expected && Array.isArray((JSON.parse(text) as { activity_signals?: unknown }).activity_signals)) {
          expect(readIngestRequest(encode(text)).table).toEqual(expected)
        } else {
          expect(() => readIngestRequest(encode(text))).toThrow(IngestRequestError)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('the CLI byte reader on adversarial requests', () => {
  const plain = '{"timestamp":"2024-01-24T09:00:00Z","app":"vscode","type":"keyboard","source_type":"keyboard"}'

  // Every kind of token: strings with every escape, keys, numbers in every form, literals, empty
  // and nested containers, whitespace, plain and general signals, multibyte UTF-8 of 2, 3 and 4
  // bytes in apps, titles and skipped members, thresholds before and after the array.
  const everyToken = [
    `{ "before" : {"s":"a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude42","n":[-0.5e+3,0,12.75E-2,-7,true,false,null,{},[]],"ü":"日本"},\t"idle_threshold_minutes":7,`,
    `\r\n"activity_signals" :[ ${plain},{"app":"café 日本語 🙂","timestamp":"2024-01-24T09:00:01Z","type":"keyboard","source_type":"keyboard","title":"Brief — 🙂 naïve","count":3},`,
    `{"timestamp":"2024-01-24T09:00:02.250Z","app":"v\\u0073code","type":"scroll","source_type":"Mouse","x":[1,{"y":null,"z":"€"}]}, "not an object" ,12,`,
    `{"timestamp":"2024-01-24T09:00:03Z","app":null,"type":"keyboard","source_type":"keyboard"},${plain.replace('vscode', 'Мой офис')} ] , "max_merge_idle_minutes":1.5e1 }  \n`,
  ].join('')

  it('a chunk boundary anywhere, inside every kind of token and every multibyte character, changes nothing', () => {
    const bytes = encode(everyToken)
    const whole = parseIngestRequestBytes(bytes)
    expect(whole?.table).toEqual(generalTable(everyToken))
    expect(whole?.table.apps).toEqual(['vscode', 'café 日本語 🙂', 'Мой офис'])
    expect(whole?.table.titles).toEqual(['Brief — 🙂 naïve'])
    expect(whole?.thresholds).toEqual({ idle_threshold_minutes: 7, max_merge_idle_minutes: 15 })
    for (let at = 1; at < bytes.length; at++)
      expect(pushed(bytes, [at, bytes.length])).toEqual({ request: whole, declined: null })
    expect(pushed(bytes, [1])).toEqual({ request: whole, declined: null })
    fc.assert(
      fc.property(chunkSizes, (sizes) => {
        expect(pushed(bytes, sizes)).toEqual({ request: whole, declined: null })
      }),
      { numRuns: 200 },
    )
  })

  it('says why it declines, at which byte of the whole stream', () => {
    const bad = encode(`{"activity_signals":[${plain},${plain.replace('"app"', '"app" x')}]}`)
    const at = `{"activity_signals":[${plain},{"timestamp":"2024-01-24T09:00:00Z","app" `.length
    expect(pushed(bad, [7])).toEqual({ request: null, declined: `unexpected 'x' at byte ${at}` })
    expect(pushed(encode('{"signals":[]}'), [3])).toEqual({ request: null, declined: 'no activity_signals array' })
    expect(pushed(encode(`{"activity_signals":[],"activity_signals":[${plain}]}`), [5]).declined).toBe(
      'activity_signals given twice',
    )
  })

  it('hands deep nesting to the general path, which reads the same signals', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`
    const text = `{"x":${deep},"activity_signals":[${plain},${plain}]}`
    expect(parseIngestRequestBytes(encode(text))).toBeNull()
    expect(readIngestRequest(encode(text)).table).toEqual(generalTable(text))
  })

  it('reads huge strings in place, across chunk borders, as JSON.parse does', () => {
    const title = `Brief ${'é'.repeat(300_000)} end`
    const app = 'x'.repeat(200)
    const text = `{"activity_signals":[${plain},{"timestamp":"2024-01-24T09:00:01Z","app":"${app}","type":"keyboard","source_type":"keyboard","title":${JSON.stringify(title)}},${plain}]}`
    const bytes = encode(text)
    const whole = parseIngestRequestBytes(bytes)
    expect(whole?.table).toEqual(generalTable(text))
    expect(parseIngestRequestStream(slowSource(bytes, 4096), bytes.length, 1024)?.table).toEqual(whole?.table)
  })

  it('keeps every plain signal of a large request, each app interned once', () => {
    const apps = ['vscode', 'chrome', 'zoom', 'café']
    const signals = Array.from({ length: 20_000 }, (_, i) =>
      plain
        .replace(
          '09:00:00',
          `09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`,
        )
        .replace('vscode', apps[i % 4] as string),
    )
    const text = `{"activity_signals":[${signals.join(',')}]}`
    const bytes = encode(text)
    const streamed = parseIngestRequestStream(slowSource(bytes, 65_536), bytes.length, 8192)
    expect(streamed?.table.length).toBe(20_000)
    expect(streamed?.table.apps).toEqual(apps)
    expect(streamed?.table).toEqual(generalTable(text))
  })
})
