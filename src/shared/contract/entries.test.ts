import { describe, expect, it } from 'vitest'
import { MAX_CHANGED_IDS, ReviewChanged, reviewChanged } from './entries'

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe('review.changed payload', () => {
  it('names the entries a write touched', () => {
    const payload = reviewChanged('suggestions', { added: ['a'], changed: ['b'], removed: ['c'] })
    expect(payload).toEqual({ reason: 'suggestions', added: ['a'], changed: ['b'], removed: ['c'] })
    expect(ReviewChanged.parse(payload)).toEqual(payload)
  })

  it('asks for a reload instead of naming more than MAX_CHANGED_IDS entries', () => {
    const delta = { added: ids(MAX_CHANGED_IDS - 1, 'a'), changed: ['b'], removed: [] }
    expect(reviewChanged('suggestions', delta)).toEqual({ reason: 'suggestions', ...delta })
    const payload = reviewChanged('suggestions', { ...delta, removed: ['c'] })
    expect(payload).toEqual({ reason: 'suggestions', added: [], changed: [], removed: [], reload: true })
    expect(ReviewChanged.safeParse(payload).success).toBe(true)
    expect(
      ReviewChanged.safeParse({ reason: 'x', added: ids(MAX_CHANGED_IDS + 1, 'a'), changed: [], removed: [] }).success,
    ).toBe(false)
  })
})
