import { describe, expect, it } from 'vitest'
import { parseIngestRequestBytes } from './requestReader'
import { IngestRequestError, readIngestRequest } from './ingestRequest'

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
    const text = '{"activity_signals":[{"timestamp":"2024-01-24T09:00:00Z","app":"caf\\u00e9 \\"x\\"","type":"keyboard","source_type":"keyboard","title":"Résumé \\n draft"}]}'
    const fast = parseIngestRequestBytes(bytes(text))
    expect(fast?.table.apps).toEqual(['café "x"'])
    expect(fast?.table.titles).toEqual(['Résumé \n draft'])
  })
})
