import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { IsoUtc } from './domain'
import { formatIsoUtc, parseIsoUtc, parseIsoUtcBytes } from './isoTime'

const reference = (text: string) => (IsoUtc.safeParse(text).success ? Date.parse(text) : Number.NaN)

describe('UTC timestamp parsing', () => {
  it('agrees with the IsoUtc schema and Date.parse on real instants', () => {
    const instant = fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('2200-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    fc.assert(
      fc.property(instant, fc.constantFrom(0, 1, 2, 3), (date, fraction) => {
        const base = date.toISOString() // 2024-01-24T09:00:00.123Z
        const text = fraction === 0 ? `${base.slice(0, 19)}Z` : `${base.slice(0, 20 + fraction)}Z`
        expect(parseIsoUtc(text)).toBe(reference(text))
        expect(parseIsoUtcBytes(new TextEncoder().encode(`"${text}"`), 1, text.length + 1)).toBe(reference(text))
      }),
      { numRuns: 500 },
    )
  })

  it('rejects whatever the schema rejects', () => {
    const mutated = fc
      .tuple(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.nat(19),
        fc.string({ maxLength: 2 }),
      )
      .map(([date, at, insert]) => {
        const text = `${date.toISOString().slice(0, 19)}Z`
        return text.slice(0, at) + insert + text.slice(at + 1)
      })
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ maxLength: 26 })), (text) => {
        expect(Number.isNaN(parseIsoUtc(text))).toBe(Number.isNaN(reference(text)))
        if (!Number.isNaN(reference(text))) expect(parseIsoUtc(text)).toBe(reference(text))
      }),
      { numRuns: 1000 },
    )
  })

  it.each([
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-01-24T24:00:00Z',
    '2024-01-24T09:00:60Z',
    '2024-01-24 09:00:00Z',
    '2024-01-24T09:00:00+00:00',
    '2024-01-24T09:00:00.Z',
  ])('rejects %s', (text) => expect(parseIsoUtc(text)).toBeNaN())

  it('leap days and milliseconds are exact, and formatting round-trips', () => {
    expect(parseIsoUtc('2024-02-29T12:00:00Z')).toBe(Date.UTC(2024, 1, 29, 12))
    expect(parseIsoUtc('2024-01-24T09:00:00.5Z')).toBe(Date.UTC(2024, 0, 24, 9, 0, 0, 500))
    expect(formatIsoUtc(parseIsoUtc('2024-01-24T09:00:00Z'))).toBe('2024-01-24T09:00:00Z')
    expect(formatIsoUtc(parseIsoUtc('2024-01-24T09:00:00.250Z'))).toBe('2024-01-24T09:00:00.250Z')
  })
})
