import { describe, expect, it } from 'vitest'
import { SIGNAL_KINDS as SCHEMA_KINDS } from './migrations/0013-presence-signals'
import { FOCUS_KIND, SIGNAL_KINDS } from './signalKinds'

describe('signal kinds', () => {
  it('are the codes the newest signals schema was written with (migrations stay frozen; runtime code has its own copy)', () => {
    expect(SIGNAL_KINDS).toEqual(SCHEMA_KINDS)
    expect(SIGNAL_KINDS[FOCUS_KIND]?.[0]).toBe('app_focus')
  })
})
