// The pure rules capture applies before anything is stored: app ids, exclusions, title redaction,
// pointer jitter and coalescing.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isExcluded, normalizeAppId } from './appId'
import { createJitterFilter } from './jitterFilter'
import { createTitleRedactor } from './redaction'
import { SignalBuffer } from './signalBuffer'

describe('app id normalisation', () => {
  it('maps the names platforms use for one app to one id', () => {
    for (const owner of ['Code', 'code', 'Visual Studio Code', 'Code.exe', 'code - oss'])
      expect(normalizeAppId(owner)).toBe('vscode')
    expect(normalizeAppId('Google Chrome')).toBe('chrome')
    expect(normalizeAppId('google-chrome')).toBe('chrome')
    expect(normalizeAppId('zoom.us')).toBe('zoom')
  })

  it('lets user aliases extend and override the built-in map', () => {
    expect(normalizeAppId('Obsidian', { obsidian: 'notes' })).toBe('notes')
    expect(normalizeAppId('Code', { 'Visual Studio Code': 'editor', code: 'editor' })).toBe('editor')
  })

  it('turns unknown owners into a stable slug and never returns an empty id', () => {
    expect(normalizeAppId('My Fancy App')).toBe('my-fancy-app')
    expect(normalizeAppId('   ')).toBe('unknown')
    expect(normalizeAppId('__proto__')).toBe('__proto__')
    expect(normalizeAppId('constructor')).toBe('constructor')
    fc.assert(
      fc.property(fc.string(), (owner) => {
        const id = normalizeAppId(owner)
        expect(id.length).toBeGreaterThan(0)
        expect(id.length).toBeLessThanOrEqual(128)
        expect(id).toMatch(/^[\p{L}\p{N}._-]+$/u)
      }),
    )
  })

  it('matches exclusions by id or owner name', () => {
    expect(isExcluded('vscode', ['Visual Studio Code'])).toBe(true)
    expect(isExcluded('keepassxc', ['KeePassXC'])).toBe(true)
    expect(isExcluded('chrome', ['firefox', ''])).toBe(false)
  })
})

describe('title redaction', () => {
  it('applies the rules of the app and of every app, in order', () => {
    const redactor = createTitleRedactor([
      { app: 'outlook', pattern: '^.*? - ', replacement: '' },
      { app: '*', pattern: '[\\w.+-]+@[\\w-]+\\.[\\w.]+', replacement: '<e-mail>' },
    ])
    expect(redactor.redact('outlook', 'Salary review - ann@example.com - Outlook')).toBe('<e-mail> - Outlook')
    expect(redactor.redact('chrome', 'Salary review - ann@example.com')).toBe('Salary review - <e-mail>')
    expect(redactor.redact('chrome', null)).toBeNull()
  })

  it('drops the title when a rule does not compile, and says which', () => {
    const redactor = createTitleRedactor([{ app: '*', pattern: '(', replacement: '' }])
    expect(redactor.redact('chrome', 'anything')).toBeNull()
    expect(redactor.invalidRules()).toEqual([0])
  })
})

describe('pointer jitter filter', () => {
  it('ignores moves within a few pixels and counts real ones', () => {
    const filter = createJitterFilter(4)
    expect(filter.moved(100, 100)).toBe(false) // first sample only sets the anchor
    expect(filter.moved(102, 97)).toBe(false)
    expect(filter.moved(104, 104)).toBe(false)
    expect(filter.moved(110, 100)).toBe(true)
    expect(filter.moved(111, 101)).toBe(false) // anchored at the last counted move
    expect(filter.moved(111, 120)).toBe(true)
  })
})

describe('signal buffer', () => {
  it('keeps at most one bucket per (second, app, type) whose counts add up to the raw events', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ts: fc.integer({ min: 0, max: 5 }),
            app: fc.constantFrom('a', 'b'),
            type: fc.constantFrom('keyboard' as const, 'mouse_click' as const),
            n: fc.integer({ min: 1, max: 9 }),
          }),
        ),
        (events) => {
          const buffer = new SignalBuffer()
          for (const e of events) buffer.add(e.ts, e.app, e.type, e.n, null)
          const drained = buffer.drain()
          const keys = drained.map((s) => `${s.ts}/${s.app}/${s.type}`)
          expect(new Set(keys).size).toBe(keys.length)
          expect(drained.reduce((n, s) => n + s.count, 0)).toBe(events.reduce((n, e) => n + e.n, 0))
          expect(buffer.size).toBe(0)
        },
      ),
    )
  })

  it('merges signals a failed flush puts back with those that arrived meanwhile, newest title first', () => {
    const buffer = new SignalBuffer()
    buffer.add(1, 'a', 'keyboard', 2, 't1')
    const failed = buffer.drain()
    buffer.add(1, 'a', 'keyboard', 3, 't2')
    buffer.restore(failed)
    expect(buffer.drain()).toEqual([{ ts: 1, app: 'a', type: 'keyboard', count: 5, title: 't2' }])
  })

  it('can leave the second in progress for the next flush, so no second is written in two parts', () => {
    const buffer = new SignalBuffer()
    buffer.add(9, 'a', 'keyboard', 2, null)
    buffer.add(10, 'a', 'keyboard', 1, null)
    buffer.add(9, 'a', 'mouse_click', 1, null)
    expect(buffer.drain(10).map((s) => [s.ts, s.type])).toEqual([
      [9, 'keyboard'],
      [9, 'mouse_click'],
    ])
    buffer.add(10, 'a', 'keyboard', 4, null)
    expect(buffer.drain()).toEqual([{ ts: 10, app: 'a', type: 'keyboard', count: 5, title: null }])
  })
})
