import { describe, expect, it } from 'vitest'
import { checkGuidelines, codesRequired, GUIDELINE_RULES, type GuidelineEntry } from './guidelines'

const entry = (id: string, overrides: Partial<GuidelineEntry> = {}): GuidelineEntry => ({
  id,
  day: '2024-03-04',
  duration_minutes: 48,
  narrative: 'Drafted opposition to motion to compel production of Jones emails',
  activity_type: 'writing',
  client_id: 'smith-holdings',
  matter: '2024-0117',
  task_code: 'L350',
  activity_code: 'A103',
  codes_required: 'matter',
  ...overrides,
})

const codes = (entries: GuidelineEntry[], guidelines = {}) =>
  Object.fromEntries([...checkGuidelines(entries, () => guidelines)].map(([id, list]) => [id, list.map((v) => v.code)]))

describe('billing-guideline checks (#30)', () => {
  it('passes a specific, coded, single-task entry, and checks nothing without a client', () => {
    expect(codes([entry('ok')])).toEqual({})
    expect(codes([entry('none', { client_id: null, narrative: 'Review', duration_minutes: 2 })])).toEqual({})
  })

  it('names each broken rule with its reason code and wording', () => {
    const entries = [
      entry('block', { narrative: 'Reviewed deposition transcript; drafted summary and revised outline' }),
      entry('vague', { narrative: 'Review file' }),
      entry('vague2', { narrative: 'Attention to matter' }),
      entry('short', { duration_minutes: 3 }),
      entry('codes', { task_code: null, activity_code: null }),
      entry('admin', { narrative: 'Photocopying and Bates-stamping production set' }),
      entry('admin2', { narrative: 'Admin work', activity_type: 'admin' }),
      entry('long1', { day: '2024-03-05', duration_minutes: 360 }),
      entry('long2', { day: '2024-03-05', duration_minutes: 300 }),
    ]
    expect(codes(entries)).toEqual({
      block: ['BLOCK_BILLING'],
      vague: ['VAGUE_NARRATIVE'],
      vague2: ['VAGUE_NARRATIVE'],
      short: ['MIN_INCREMENT'],
      codes: ['MISSING_CODES'],
      admin: ['ADMIN_TASK'],
      admin2: ['ADMIN_TASK'],
      long1: ['DAILY_HOURS'],
      long2: ['DAILY_HOURS'],
    })
    const messages = checkGuidelines(entries)
    expect(messages.get('block')?.[0]?.message).toBe(
      'Block billing: one narrative lists several tasks (reviewed, drafted, revised); bill each task as its own entry',
    )
    expect(messages.get('vague')?.[0]?.message).toBe(
      'Vague narrative: "Review file" does not say what was done, to what, and why',
    )
    expect(messages.get('short')?.[0]?.message).toBe('Below the minimum increment: 3 min is less than 6 min')
    expect(messages.get('codes')?.[0]?.message).toBe(
      'UTBMS codes required on matter 2024-0117: no task code and no activity code',
    )
    expect(messages.get('admin')?.[0]?.message).toBe(
      'Administrative task on a client matter ("Photocopying"): clients do not pay for clerical work',
    )
    expect(messages.get('long1')?.[0]?.message).toBe('More than 10 h on matter 2024-0117 on 2024-03-05 (11 h)')
  })

  it('follows a client’s guidelines: a rule switched off, another limit', () => {
    const entries = [entry('short', { duration_minutes: 10 }), entry('vague', { narrative: 'Work on matter' })]
    expect(codes(entries, { MIN_INCREMENT: { limit: 15 }, VAGUE_NARRATIVE: { enabled: false } })).toEqual({
      short: ['MIN_INCREMENT'],
    })
    expect(GUIDELINE_RULES.map((rule) => [rule.code, rule.limit?.default ?? null])).toEqual([
      ['BLOCK_BILLING', null],
      ['VAGUE_NARRATIVE', null],
      ['MIN_INCREMENT', 6],
      ['DAILY_HOURS', 10],
      ['MISSING_CODES', null],
      ['ADMIN_TASK', null],
    ])
  })

  it('does not call one task with a noun like e-mail or call block billing', () => {
    expect(
      codes([
        entry('c', { narrative: "Drafted 'Smith v Jones - Draft MSJ.docx' in word" }),
        entry('d', { narrative: 'Drafting and drafted again' }),
      ]),
    ).toEqual({})
    expect(
      codes([
        entry('a', { narrative: 'Reviewed e-mail from opposing counsel on deposition scheduling' }),
        entry('b', { narrative: 'Telephone conference with client regarding settlement authority' }),
      ]),
    ).toEqual({})
  })

  it('requires UTBMS codes when the matter or the client asks for them, saying which', () => {
    expect(codesRequired({ utbms_required: 1, client_id: 'smith' }, {})).toBe('matter')
    expect(codesRequired({ utbms_required: 0, client_id: 'smith' }, { smith: true })).toBe('client')
    expect(codesRequired({ utbms_required: null, client_id: 'smith' }, { smith: false, other: true })).toBe(false)
    expect(codesRequired({ utbms_required: null, client_id: null }, { smith: true })).toBe(false)
    const [violation] =
      checkGuidelines([entry('c', { matter: null, codes_required: 'client', task_code: null })]).get('c') ?? []
    expect(violation).toEqual({
      code: 'MISSING_CODES',
      message: "UTBMS codes required by the client's settings: no task code",
    })
  })
})
