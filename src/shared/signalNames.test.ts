import { describe, expect, it } from 'vitest'
import { canonicalSignalType, canonicalSourceType, normalizeSignalName } from './signalNames'

describe('signal names of other tools', () => {
  it('maps the common aliases to ours', () => {
    expect(
      [
        'scroll',
        'wheel',
        'app_switch',
        'window_focus',
        'focus',
        'key',
        'keypress',
        'click',
        'move',
        'mousemove',
        'Mouse-Move',
      ].map(canonicalSignalType),
    ).toEqual([
      'mouse_scroll',
      'mouse_scroll',
      'app_focus',
      'app_focus',
      'app_focus',
      'keyboard',
      'keyboard',
      'mouse_click',
      'mouse_move',
      'mouse_move',
      'mouse_move',
    ])
    expect(['app', 'window', 'Keyboard', 'mouse'].map(canonicalSourceType)).toEqual([
      'window',
      'window',
      'keyboard',
      'mouse',
    ])
    expect(canonicalSignalType('telepathy')).toBeNull()
  })

  it('counts an unknown type as input of its source, or as generic input', () => {
    expect(normalizeSignalName('scroll', 'app')).toEqual({
      type: 'mouse_scroll',
      source_type: 'window',
      unknownType: false,
    })
    expect(normalizeSignalName('keyboard', undefined)).toEqual({
      type: 'keyboard',
      source_type: 'keyboard',
      unknownType: false,
    })
    expect(normalizeSignalName('pen_stroke', 'mouse')).toEqual({
      type: 'mouse_click',
      source_type: 'mouse',
      unknownType: true,
    })
    expect(normalizeSignalName('gesture', 'User Activity (Keyboard, Mouse, App)')).toEqual({
      type: 'keyboard',
      source_type: 'keyboard',
      unknownType: true,
    })
  })

  it('names like Object.prototype members are unknown names, not table lookups', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(canonicalSignalType(name)).toBeNull()
      expect(canonicalSourceType(name)).toBeNull()
      expect(normalizeSignalName(name, name)).toEqual({ type: 'keyboard', source_type: 'keyboard', unknownType: true })
    }
  })
})
