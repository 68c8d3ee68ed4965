import { describe, expect, it } from 'vitest'
import { reviewEntry } from '../../../../test/renderer/fakeApi'
import { buildRows } from './rows'
import { insertionIndex } from '../state/queueOrder'

describe('buildRows', () => {
  it('puts one heading per local day before its entries, with pending totals', () => {
    const a = reviewEntry('2026-03-02T15:00:00Z', 30, { billed_minutes: 30 })
    const b = reviewEntry('2026-03-02T09:00:00Z', 7, { billed_minutes: 12, status: 'approved' })
    const c = reviewEntry('2026-02-27T10:00:00Z', 20, { billed_minutes: 24 })
    const byId = Object.fromEntries([a, b, c].map((e) => [e.id, e]))
    const rows = buildRows([a.id, b.id, c.id], byId)
    expect(rows.map((r) => r.kind)).toEqual(['day', 'entry', 'entry', 'day', 'entry'])
    expect(rows[0]).toMatchObject({ kind: 'day', pending: 1, minutes: 30, billed: 30, ids: [a.id, b.id] })
    expect(rows[3]).toMatchObject({ kind: 'day', pending: 1, ids: [c.id] })
  })

  it('finds where a new entry belongs in newest-first order', () => {
    const a = reviewEntry('2026-03-02T15:00:00Z', 30)
    const b = reviewEntry('2026-03-02T09:00:00Z', 7)
    const byId = Object.fromEntries([a, b].map((e) => [e.id, e]))
    expect(insertionIndex([a.id, b.id], byId, reviewEntry('2026-03-02T12:00:00Z', 5))).toBe(1)
    expect(insertionIndex([a.id, b.id], byId, reviewEntry('2026-03-03T12:00:00Z', 5))).toBe(0)
    expect(insertionIndex([a.id, b.id], byId, reviewEntry('2026-03-01T12:00:00Z', 5))).toBe(2)
  })
})
