import { describe, expect, it } from 'vitest'
import { matterCoverage, type CoverageEntry } from './coverage'

const at = (iso: string) => Date.parse(iso)
const entry = (from: string, to: string, app: string, approved: boolean, has_matter: boolean): CoverageEntry => ({
  startMs: at(from),
  endMs: at(to),
  app,
  approved,
  has_matter,
})

describe('matter coverage (#30)', () => {
  it('shares captured and approved time with a matter by local day (DST, midnight cut) and by app', () => {
    // New York: 10 March 2024 is 23 hours long; 04:30Z on 11 March is 00:30 there
    const entries = [
      entry('2024-03-10T14:00:00Z', '2024-03-10T15:00:00Z', 'word', true, true),
      entry('2024-03-10T16:00:00Z', '2024-03-10T16:30:00Z', 'outlook', false, false),
      entry('2024-03-11T03:30:00Z', '2024-03-11T04:30:00Z', 'word', false, true),
    ]
    const coverage = matterCoverage(entries, 'America/New_York')
    expect(coverage.days).toEqual([
      {
        key: '2024-03-10',
        captured_minutes: 120,
        captured_with_matter_minutes: 90,
        approved_minutes: 60,
        approved_with_matter_minutes: 60,
      },
      {
        key: '2024-03-11',
        captured_minutes: 30,
        captured_with_matter_minutes: 30,
        approved_minutes: 0,
        approved_with_matter_minutes: 0,
      },
    ])
    expect(coverage.apps.map((a) => [a.key, a.captured_minutes, a.captured_with_matter_minutes])).toEqual([
      ['word', 120, 120],
      ['outlook', 30, 0],
    ])
    expect(coverage.total).toEqual({
      key: 'total',
      captured_minutes: 150,
      captured_with_matter_minutes: 120,
      approved_minutes: 60,
      approved_with_matter_minutes: 60,
    })
  })
})
