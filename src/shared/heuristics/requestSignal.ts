// Over 350 lines on purpose: one signal in every layout is one grammar; split, each part needs the others.
// One signal object of the request, in any layout JSON allows (keys in any order, spaces,
// escapes, extra members, titles, counts, other tools' names): where each field lies, then the
// row it makes in the SignalTable — the same row decodeSignals makes from the parsed object, so
// the byte reader and the general path can never disagree (#12). The seed's own layout has a
// faster path on top of this one (requestPlainSignal.ts).
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
} from './signalTable'
import { JsonBytes, type ByteRange } from './requestBytes'

// Module-local copies of imported bindings used once per signal: under tsx (the CLI) every read
// of an imported binding goes through a getter, which costs more than the work itself here.
const PROBLEM_NONE: number = SignalProblem.None
const parseBytes = parseIsoUtcBytes
const parseText = parseIsoUtc
const countOf = normalizeCount
/** The most signals a table is made for up front (more: it grows). */
const MAX_PRESIZED_SIGNALS = 1 << 22

const encoder = new TextEncoder()
const KEY_TIMESTAMP = encoder.encode('timestamp')
const KEY_APP = encoder.encode('app')
const KEY_TYPE = encoder.encode('type')
const KEY_SOURCE = encoder.encode('source_type')
const KEY_COUNT = encoder.encode('count')
const KEY_TITLE = encoder.encode('title')
export const TYPE_BYTES = SIGNAL_TYPES.map((name) => encoder.encode(name))
export const SOURCE_BYTES = SOURCE_TYPES.map((name) => encoder.encode(name))

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

export class SignalReader extends JsonBytes {
  /** a name was mapped or a title cut (see FastIngestRequest.asWritten) */
  protected changedOnRead = false
  protected readonly builder: SignalTableBuilder
  // Last app seen, compared by bytes: consecutive signals mostly share it.
  protected lastAppStart = -1
  protected lastAppEnd = -1
  protected lastAppIndex = -1
  protected readonly timestamp = newField()
  protected readonly app = newField()
  protected readonly type = newField()
  protected readonly source = newField()
  protected readonly count = newField()
  protected readonly title = newField()

  constructor(buffer: Uint8Array, length: number, final: boolean, expectedSignals: number) {
    super(buffer, length, final)
    // About 100 bytes per signal in the seed's format; the table grows if that guess is low.
    this.builder = new SignalTableBuilder(Math.min(MAX_PRESIZED_SIGNALS, expectedSignals))
  }

  /** The window's bytes moved (see FastReader.makeRoom): positions kept from before mean nothing now. */
  protected positionsMoved(): void {
    this.lastAppStart = -1
    this.lastAppEnd = -1
  }

  /** One signal object: records where its fields are (finishSignal reads them). */
  protected signal(): void {
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
  protected parsedTs = Number.NaN

  /**
   * A key inside a signal object. The seed's keys are tried in place first (their bytes plus the
   * closing quote), which skips the generic string scan for nearly every key of a large request.
   */
  protected signalKey(): Field | null {
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
  protected timestampValue(): void {
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

  protected fieldFor(key: ByteRange): Field | null {
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

  protected fieldForEscaped(key: ByteRange): Field | null {
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
  protected value(field: Field): void {
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
  protected finishSignal(): void {
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
      builder.push(
        this.checkedTs,
        this.checkedApp,
        this.checkedType,
        countValue,
        titleIndex,
        PROBLEM_NONE,
        undefined,
        this.checkedSource,
      )
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

  protected nameValue(field: Field): NameValue {
    if (field.kind === ValueKind.Absent || field.kind === ValueKind.Null) return { text: null, isString: false }
    if (field.kind === ValueKind.String) return { text: this.text(field), isString: true }
    return { text: JSON.stringify(this.json(field)), isString: false }
  }

  protected checkedTs = 0
  protected checkedApp = 0
  protected checkedType = 0
  protected checkedSource = 0

  /** The first problem in seed field order (as decodeSignals finds it); fills checked* when none. */
  protected checkSignal(): number {
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

  protected appIndex(field: Field): number {
    const { start, end } = field
    if (
      !field.escaped &&
      this.lastAppStart >= 0 &&
      end - start === this.lastAppEnd - this.lastAppStart &&
      this.sameBytes(start, this.lastAppStart, end - start)
    ) {
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

  protected enumCode(field: Field, names: readonly Uint8Array[], codes: ReadonlyMap<string, number>): number {
    if (field.kind !== ValueKind.String) return -1
    if (field.escaped) return codes.get(this.text(field)) ?? -1
    const length = field.end - field.start
    for (let code = 0; code < names.length; code++) {
      const name = names[code] as Uint8Array
      if (name.length === length && this.bytesEqual(field.start, name)) return code
    }
    return -1
  }

  /** The app index of the plain string at [start, end) (the plain path's rare hash collision). */
  protected plainAppIndex(start: number, end: number): number {
    return this.appIndex({ kind: ValueKind.String, start, end, escaped: false })
  }
}
