// Issue #26 (7): the user's regular expressions run in linear time, whatever the pattern and the
// title. `^(\w+\s?)+$` took 517 ms on a 25-character title with a backtracking engine, doubling
// with every character: on a 60-character title these tests would not return at all.
import { describe, expect, it } from 'vitest'
import { compileUserRegex, userRegexProblems } from './userRegex'
import { createTitleRedactor } from './titleRedaction'
import { Classifier } from './heuristics/classify'
import { eventClassification } from './calendar/eventRules'
import type { CalendarEventInstance } from './calendar/types'

const EVIL = '^(\\w+\\s?)+$'
// Words and spaces, then a character that makes the whole pattern fail: the backtracking worst case.
const HOSTILE_TITLE = `${'word '.repeat(12)}!`

describe('user regular expressions', () => {
  it('a redaction rule with nested quantifiers on a hostile title returns, and still redacts matches', () => {
    const redactor = createTitleRedactor([
      { app: '*', pattern: EVIL, replacement: '[all]' },
      { app: '*', pattern: '\\S+@\\S+', replacement: '[mail]' },
    ])
    expect(redactor.redact('chrome', HOSTILE_TITLE)).toBe(HOSTILE_TITLE)
    expect(redactor.redact('chrome', 'hello world')).toBe('[all]')
    expect(redactor.redact('outlook', 'Re: from ann@example.com today')).toBe('Re: from [mail] today')
  })

  it('replacements keep JavaScript meaning: $1, $<name>, $& and $$', () => {
    const redactor = createTitleRedactor([
      { app: '*', pattern: '(?P<user>\\w+)@(\\w+)\\.com', replacement: '$<user> at $2 ($$) [$&]' },
    ])
    expect(redactor.redact('mail', 'ann@acme.com')).toBe('ann at acme ($) [ann@acme.com]')
  })

  it('a classification title rule with nested quantifiers on a hostile window title returns', () => {
    const classifier = new Classifier({
      rules: [{ id: 'evil', priority: 0, title_pattern: EVIL, activity_type: 'research' }],
      meetingApps: [],
      aliases: {},
    })
    expect(classifier.classify('chrome', HOSTILE_TITLE).ruleId).toBeNull()
    expect(classifier.classify('chrome', 'Plain Words Only').ruleId).toBe('evil')
  })

  it('a calendar title rule with nested quantifiers on a hostile event title returns', () => {
    const event: CalendarEventInstance = {
      key: 'k#1',
      uid: 'k',
      title: HOSTILE_TITLE,
      startMs: 0,
      endMs: 3_600_000,
      allDay: false,
      cancelled: false,
      transparent: false,
      myStatus: 'accepted',
      attendeeDomains: [],
    }
    const rules = [{ id: 'evil', priority: 0, title_pattern: EVIL, project_id: 'p1' }]
    expect(eventClassification(event, rules)).toBeNull()
    expect(eventClassification({ ...event, title: 'Acme Review' }, rules)?.projectId).toBe('p1')
  })

  it('refuses patterns the linear engine cannot take (backreferences, lookaround) with a reason naming the rule', () => {
    expect(compileUserRegex('(a)\\1').ok).toBe(false)
    const problems = userRegexProblems({
      redaction_rules: [{ app: 'outlook', pattern: '(?=secret)\\w+', replacement: '…' }],
      classification_rules: [{ id: 'twice', priority: 0, title_pattern: '(\\w+) \\1' }],
    })
    expect(problems).toHaveLength(2)
    expect(problems[0]).toMatch(/redaction rule for outlook: pattern "\(\?=secret\)\\\\w\+" is not supported/)
    expect(problems[1]).toMatch(/rule 'twice': title pattern .* is not supported/)
  })

  it('a stored rule the engine cannot take degrades visibly: the title is dropped and the rule reported, nothing throws', () => {
    const redactor = createTitleRedactor([{ app: '*', pattern: '(?<=Re: ).*', replacement: '…' }])
    expect(redactor.redact('mail', 'Re: salary review')).toBeNull()
    expect(redactor.invalidRules()).toEqual([0])
    const classifier = new Classifier({
      rules: [{ id: 'old', priority: 0, title_pattern: '(x)\\1' }],
      meetingApps: [],
      aliases: {},
    })
    expect(classifier.brokenRules).toEqual(['old'])
  })
})
