import { describe, expect, it } from 'vitest'
import { SignalType, SOURCE_TYPE_OF, SourceType } from './domain'
import { PRESENCE_MEANING } from './presence'
import { canonicalSignalType, canonicalSourceType } from './signalNames'
import { SIGNAL_REGISTRY, SIGNAL_SPECS, SOURCE_ALIASES, SOURCE_TYPES } from './signalRegistry'

const WITHIN_A_SECOND = { fact: 0, input: 1, leave: 2 } as const

describe('signal registry', () => {
  it('is what the domain, presence and name tables are made of', () => {
    expect(SignalType.options).toEqual(Object.keys(SIGNAL_REGISTRY))
    expect(SourceType.options).toEqual([...SOURCE_TYPES])
    for (const spec of SIGNAL_SPECS) {
      expect(SOURCE_TYPE_OF[spec.type]).toBe(spec.source)
      expect(PRESENCE_MEANING[spec.type]).toBe(spec.presence)
      expect(canonicalSignalType(spec.type)).toBe(spec.type)
      for (const alias of spec.aliases) expect(canonicalSignalType(alias)).toBe(spec.type)
    }
    for (const [alias, source] of Object.entries(SOURCE_ALIASES)) expect(canonicalSourceType(alias)).toBe(source)
  })

  it('gives every type its own code, wire name and aliases (no alias claimed twice or shadowing a name)', () => {
    const codes = SIGNAL_SPECS.map((s) => s.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const code of codes) expect(Number.isInteger(code) && code > 0 && code < 1_000).toBe(true)
    const wires = SIGNAL_SPECS.map((s) => s.wire)
    expect(new Set(wires).size).toBe(wires.length)
    const aliases = SIGNAL_SPECS.flatMap((s) => s.aliases)
    expect(new Set(aliases).size).toBe(aliases.length)
    for (const alias of aliases) {
      expect(SIGNAL_REGISTRY).not.toHaveProperty(alias)
      expect(alias).toMatch(/^[a-z0-9_]+$/) // the form signalNames.ts reduces names to
    }
  })

  it('orders codes as things happen within one second: coming back, focus, input, leaving', () => {
    const byCode = [...SIGNAL_SPECS].sort((a, b) => a.code - b.code)
    const ranks = byCode.map((s) =>
      s.presence === 'fact' && s.code > SIGNAL_REGISTRY.app_focus.code ? 2 : WITHIN_A_SECOND[s.presence],
    )
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(byCode.filter((s) => s.presence === 'input')[0]?.type).toBe('app_focus')
  })

  it('says what capture reports and what each signal carries', () => {
    for (const spec of SIGNAL_SPECS) {
      // counted raw input is activity; only the window source reports titles
      expect(spec.counts).toBe(spec.capture === 'input')
      if (spec.counts) expect(spec.presence).toBe('input')
      expect(spec.title).toBe(spec.capture === 'window')
    }
  })
})
