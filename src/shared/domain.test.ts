import { describe, expect, it } from 'vitest'
import { IsoUtc } from './domain'

describe('IsoUtc', () => {
  it.each(['2024-01-24T09:00:00Z', '2024-02-29T23:59:59Z', '2024-01-24T09:00:00.123Z'])('accepts %s', (text) => {
    expect(IsoUtc.safeParse(text).success).toBe(true)
  })

  it.each([
    '2024-11-31T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-01-24T24:00:00Z',
    '2024-01-24T09:00:00+01:00',
    '2024-01-24T09:00:00',
  ])('rejects %s (impossible date or not UTC)', (text) => expect(IsoUtc.safeParse(text).success).toBe(false))
})
