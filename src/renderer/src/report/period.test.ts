import { describe, expect, it } from 'vitest'
import { periodContaining, shiftPeriod } from './period'

describe('report periods', () => {
  it('a week runs Monday to Sunday, also when asked on a Sunday', () => {
    expect(periodContaining('week', '2026-03-08')).toEqual({ kind: 'week', from: '2026-03-02', to: '2026-03-08' })
    expect(periodContaining('week', '2026-03-09')).toEqual({ kind: 'week', from: '2026-03-09', to: '2026-03-15' })
  })

  it('a month ends on its last day, February included', () => {
    expect(periodContaining('month', '2028-02-10')).toEqual({ kind: 'month', from: '2028-02-01', to: '2028-02-29' })
  })

  it('previous and next keep the kind of period; a custom range moves by its own length', () => {
    expect(shiftPeriod(periodContaining('month', '2026-01-31'), 1)).toEqual({
      kind: 'month',
      from: '2026-02-01',
      to: '2026-02-28',
    })
    expect(shiftPeriod(periodContaining('week', '2026-01-01'), -1)).toEqual({
      kind: 'week',
      from: '2025-12-22',
      to: '2025-12-28',
    })
    expect(shiftPeriod({ kind: 'day', from: '2026-03-31', to: '2026-03-31' }, 1)).toEqual({
      kind: 'day',
      from: '2026-04-01',
      to: '2026-04-01',
    })
    expect(shiftPeriod({ kind: 'custom', from: '2026-03-01', to: '2026-03-10' }, 1)).toEqual({
      kind: 'custom',
      from: '2026-03-11',
      to: '2026-03-20',
    })
  })
})
