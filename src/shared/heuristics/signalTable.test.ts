// The table builder's plain rows (#28): pushPlain writes four columns and leaves the other five to
// defaults filled ahead (reserveDefaults, or a block at a time when the reserve runs out). Whatever
// the order of reserves, plain rows and general rows (which write every column), the table must be
// the one general pushes alone make: a default left unfilled would read as title 0 or count 0.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SignalProblem, SignalTableBuilder, type SignalTable } from './signalTable'

type Step =
  | { kind: 'reserve'; rows: number }
  | { kind: 'plain'; ts: number; app: number; type: number; source: number }
  | { kind: 'general'; ts: number; app: number; type: number; count: number; title: number; problem: number }

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('reserve' as const), rows: fc.integer({ min: 0, max: 40 }) }),
  fc.record({
    kind: fc.constant('plain' as const),
    ts: fc.integer({ min: 0, max: 2e12 }),
    app: fc.integer({ min: 0, max: 5 }),
    type: fc.integer({ min: 0, max: 12 }),
    source: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('general' as const),
    ts: fc.integer({ min: 0, max: 2e12 }),
    app: fc.integer({ min: 0, max: 5 }),
    type: fc.integer({ min: 0, max: 12 }),
    count: fc.integer({ min: 1, max: 50 }),
    title: fc.integer({ min: -1, max: 3 }),
    problem: fc.constantFrom(SignalProblem.None, SignalProblem.BadTimestamp, SignalProblem.NotObject),
  }),
)

const columns = (table: SignalTable) => ({
  length: table.length,
  ts: [...table.ts],
  app: [...table.app],
  type: [...table.type],
  source: [...table.source],
  typeName: [...table.typeName],
  sourceName: [...table.sourceName],
  count: [...table.count],
  title: [...table.title],
  problem: [...table.problem],
})

describe('SignalTableBuilder', () => {
  it('plain rows read as general rows with count 1, no title and our names, in any mix with reserves and growth', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (steps, capacity) => {
        const built = new SignalTableBuilder(capacity)
        const reference = new SignalTableBuilder(capacity)
        for (const s of steps) {
          if (s.kind === 'reserve') {
            built.reserveDefaults(s.rows)
          } else if (s.kind === 'plain') {
            built.pushPlain(s.ts, s.app, s.type, s.source)
            reference.push(s.ts, s.app, s.type, 1, -1, SignalProblem.None, undefined, s.source)
          } else {
            built.push(s.ts, s.app, s.type, s.count, s.title, s.problem)
            reference.push(s.ts, s.app, s.type, s.count, s.title, s.problem)
          }
        }
        expect(columns(built.finish())).toEqual(columns(reference.finish()))
      }),
      { numRuns: 300 },
    )
  })
})
