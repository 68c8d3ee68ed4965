import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { parseIngestRequestBytes } from '../../shared/heuristics/requestReader'
import { IngestRequestError, readIngestRequest, readIngestRequestChunks, STREAM_GENERAL_BYTES } from './ingestRequest'

const bytes = (text: string) => new TextEncoder().encode(text)
const sig = '{"timestamp":"2024-01-24T09:00:00Z","app":"vscode","type":"keyboard","source_type":"keyboard"}'

describe('reading an ingest request', () => {
  it('reads the usual shape on the fast path', () => {
    const fast = parseIngestRequestBytes(bytes(`{"activity_signals":[${sig},${sig}],"idle_threshold_minutes":7}`))
    expect(fast?.table.length).toBe(2)
    expect(fast?.thresholds).toEqual({ idle_threshold_minutes: 7 })
  })

  it.each([
    ['a top-level array', `[${sig}]`],
    ['signals given twice', `{"activity_signals":[${sig}],"activity_signals":[]}`],
    ['a trailing comma', `{"activity_signals":[${sig},]}`],
    ['trailing garbage', `{"activity_signals":[${sig}]} x`],
    ['a raw control character in a string', `{"activity_signals":[{"app":"a\u0001b"}]}`],
    ['no activity_signals', '{}'],
    ['a truncated document', `{"activity_signals":[${sig}`],
  ])('leaves %s to the general path', (_name, text) => {
    expect(parseIngestRequestBytes(bytes(text))).toBeNull()
  })

  it('the general path gives JSON.parse semantics (last duplicate key wins)', () => {
    const request = readIngestRequest(bytes(`{"activity_signals":[${sig}],"activity_signals":[]}`))
    expect(request.table.length).toBe(0)
  })

  it('names what is wrong with unusable input', () => {
    expect(() => readIngestRequest(bytes(`{"activity_signals":[${sig},]}`))).toThrow(IngestRequestError)
    expect(() => readIngestRequest(bytes('[1]'))).toThrow(/not an ingest request/)
    expect(() => readIngestRequest(bytes('{"activity_signals": 5}'))).toThrow(/activity_signals/)
  })

  it('escaped strings and unicode decode as JSON.parse does', () => {
    const text =
      '{"activity_signals":[{"timestamp":"2024-01-24T09:00:00Z","app":"caf\\u00e9 \\"x\\"","type":"keyboard","source_type":"keyboard","title":"Résumé \\n draft"}]}'
    const fast = parseIngestRequestBytes(bytes(text))
    expect(fast?.table.apps).toEqual(['café "x"'])
    expect(fast?.table.titles).toEqual(['Résumé \n draft'])
  })
})

describe('reading a request from a stream (stdin)', () => {
  const chunksOf = (text: string, size: number) => {
    const all = bytes(text)
    return Readable.from(
      Array.from({ length: Math.ceil(all.length / size) }, (_, i) =>
        Buffer.from(all.subarray(i * size, (i + 1) * size)),
      ),
    )
  }
  /** A request over STREAM_GENERAL_BYTES: past them the stream is read by the byte reader only. */
  const big = `{"activity_signals":[${Array.from({ length: Math.ceil(STREAM_GENERAL_BYTES / sig.length) + 10 }, () => sig).join(',')}]}`

  it('gives the table a file gives, in chunks of any size', async () => {
    const text = `{"activity_signals":[${sig},{"timestamp":"2024-01-24T09:00:05Z","app":"café 🙂","type":"scroll","source_type":"mouse","title":"naïve"}]}`
    for (const size of [1, 2, 3, 7, 64, 65_536]) {
      expect((await readIngestRequestChunks(chunksOf(text, size))).table).toEqual(readIngestRequest(bytes(text)).table)
    }
  })

  it('keeps the general path for a small stream the byte reader declines (last duplicate key wins)', async () => {
    const request = await readIngestRequestChunks(chunksOf(`{"activity_signals":[${sig}],"activity_signals":[]}`, 5))
    expect(request.table.length).toBe(0)
  })

  it('stdin closed early: a small stream says it is not JSON, as the file would', async () => {
    await expect(readIngestRequestChunks(chunksOf(`{"activity_signals":[${sig},${sig}`, 9))).rejects.toThrow(
      /^input is not JSON: /u,
    )
  })

  it('stdin closed early past the general limit: says it ended early, after how many bytes', async () => {
    const cut = big.slice(0, big.length - 50)
    await expect(readIngestRequestChunks(chunksOf(cut, 65_536))).rejects.toThrow(
      `stdin is not a request the streaming reader takes (the input ends early, after ${cut.length} bytes)`,
    )
    expect((await readIngestRequestChunks(chunksOf(big, 65_536))).table.length).toBe(
      Math.ceil(STREAM_GENERAL_BYTES / sig.length) + 10,
    )
  })
})
