// The import worker's answer travels as columns (#26): typed arrays moved, not copied (their
// buffers are transferred), and every app and title in one string with offsets, so the main
// thread receives a handful of objects however many signals there are. Rows are rebuilt only
// a write slice at a time (`slice`), so no step on the main thread grows with the import.
import { z } from 'zod'
import { SOURCE_TYPE_OF, type SignalType, type SourceType } from '../../shared/domain'
import { SIGNAL_TYPES, signalTypeCode, SOURCE_TYPES, sourceTypeCode } from '../../shared/heuristics/signalTable'
import type { SignalRecord } from '../store/signals'

export const PackedRecords = z.object({
  length: z.number().int().nonnegative(),
  ts: z.instanceof(Float64Array),
  count: z.instanceof(Float64Array),
  type: z.instanceof(Uint8Array),
  /** -1: the type's usual source */
  source: z.instanceof(Int8Array),
  app: z.instanceof(Int32Array),
  /** -1: no title */
  title: z.instanceof(Int32Array),
  /** every distinct app and title, joined; string i is text[offsets[i], offsets[i + 1]) */
  text: z.string(),
  offsets: z.instanceof(Uint32Array),
})
export type PackedRecords = z.infer<typeof PackedRecords>

/** What a writer needs of a list of records (an array has it too). */
export interface RecordList {
  readonly length: number
  slice(start: number, end: number): SignalRecord[]
}

export function packRecords(records: readonly SignalRecord[]): PackedRecords {
  const n = records.length
  const packed = {
    length: n,
    ts: new Float64Array(n),
    count: new Float64Array(n),
    type: new Uint8Array(n),
    source: new Int8Array(n),
    app: new Int32Array(n),
    title: new Int32Array(n),
  }
  const ids = new Map<string, number>()
  const strings: string[] = []
  const idOf = (text: string) => {
    let id = ids.get(text)
    if (id === undefined) {
      ids.set(text, (id = strings.length))
      strings.push(text)
    }
    return id
  }
  for (let i = 0; i < n; i++) {
    const record = records[i] as SignalRecord
    packed.ts[i] = record.ts
    packed.count[i] = record.count
    packed.type[i] = signalTypeCode.get(record.type) ?? 0
    packed.source[i] = record.source_type === undefined ? -1 : (sourceTypeCode.get(record.source_type) ?? -1)
    packed.app[i] = idOf(record.app)
    packed.title[i] = record.title === null ? -1 : idOf(record.title)
  }
  const offsets = new Uint32Array(strings.length + 1)
  for (let i = 0; i < strings.length; i++) offsets[i + 1] = (offsets[i] as number) + (strings[i] as string).length
  return { ...packed, text: strings.join(''), offsets }
}

/** The buffers to transfer with `packed` (each typed array owns its whole buffer). */
export const packedTransferList = (packed: PackedRecords): ArrayBuffer[] =>
  [packed.ts, packed.count, packed.type, packed.source, packed.app, packed.title, packed.offsets].map(
    (array) => array.buffer as ArrayBuffer,
  )

/** The records of `packed`, rebuilt on demand a slice at a time. */
export class PackedRecordList implements RecordList {
  constructor(private readonly packed: PackedRecords) {}

  get length(): number {
    return this.packed.length
  }

  private string(id: number): string {
    const { text, offsets } = this.packed
    return text.slice(offsets[id], offsets[id + 1])
  }

  slice(start: number, end: number): SignalRecord[] {
    const p = this.packed
    const out: SignalRecord[] = []
    for (let i = Math.max(0, start); i < Math.min(end, p.length); i++) {
      const type = SIGNAL_TYPES[p.type[i] as number] as SignalType
      const source = p.source[i] as number
      const title = p.title[i] as number
      out.push({
        ts: p.ts[i] as number,
        app: this.string(p.app[i] as number),
        type,
        ...(source < 0 || SOURCE_TYPES[source] === SOURCE_TYPE_OF[type]
          ? {}
          : { source_type: SOURCE_TYPES[source] as SourceType }),
        count: p.count[i] as number,
        title: title < 0 ? null : this.string(title),
      })
    }
    return out
  }
}
