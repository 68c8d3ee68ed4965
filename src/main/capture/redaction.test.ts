// Issue #13: a window title is cut to its stored length before the redaction rules run, so a
// rule never spends time on (or matches across) text that would never be stored.
import { describe, expect, it } from 'vitest'
import { MAX_TITLE_LENGTH } from '../../shared/heuristics/signalTable'
import { createTitleRedactor } from './redaction'

describe('title redaction', () => {
  it('cuts the title to its stored length before the rules see it', () => {
    // matches only text longer than what is stored: it must never match (RE2 takes at most
    // {1000} per repeat, so the length is spelled as two)
    const redactor = createTitleRedactor([
      { app: '*', pattern: `[\\s\\S]{1000}[\\s\\S]{${MAX_TITLE_LENGTH + 1 - 1000}}`, replacement: '[seen]' },
    ])
    expect(redactor.invalidRules()).toEqual([])
    const title = 'x'.repeat(MAX_TITLE_LENGTH * 50)
    expect(redactor.redact('vscode', title)).toBe('x'.repeat(MAX_TITLE_LENGTH))
  })
})
