import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultSettings, type ClassificationRule } from '../domain'
import type { Finished } from '../heuristics/fold'
import { suggestStored, type StoredSignal } from '../heuristics/incremental'
import { engineConfig } from '../heuristics/types'
import { joinCalendar, type CalendarJoinConfig, type Interval } from './join'
import type { CalendarEventInstance } from './types'

const MIN = 60_000
const T = Date.parse('2026-06-01T14:00:00Z')
const at = (minutes: number) => T + minutes * MIN
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z')

/** Input in `app` every `everyMin` minutes over [fromMin, toMin] (minutes after 14:00). */
function input(app: string, fromMin: number, toMin: number, everyMin: number): StoredSignal[] {
  const out: StoredSignal[] = []
  for (let m = fromMin; m <= toMin + 1e-9; m += everyMin)
    out.push({ ts: at(m), app, type: 'keyboard', count: 1, title: null })
  return out
}

const device = (signals: StoredSignal[], rules: ClassificationRule[] = []) =>
  suggestStored(signals, engineConfig({ ...defaultSettings(), classification_rules: rules }, {}, { minEntryMs: MIN }))

function meeting(overrides: Partial<CalendarEventInstance> = {}): CalendarEventInstance {
  return {
    key: 'strategy#1',
    uid: 'strategy',
    title: 'Smith v. Jones – strategy',
    startMs: at(0),
    endMs: at(60),
    allDay: false,
    cancelled: false,
    transparent: false,
    myStatus: 'accepted',
    attendeeDomains: ['smithlaw.com'],
    ...overrides,
  }
}

const CONFIG: CalendarJoinConfig = { verifyThreshold: 0.5, rules: [], narrativeFromEvents: false, minEntryMs: MIN }
const join = (
  entries: Finished[],
  events: CalendarEventInstance[],
  config: Partial<CalendarJoinConfig> = {},
  frozen: Interval[] = [],
) => joinCalendar({ entries, events, frozen }, { ...CONFIG, ...config })
const spans = (entries: Finished[]) =>
  entries.map((f) => [f.entry.started_at.slice(11, 16), f.entry.ended_at.slice(11, 16), f.entry.activity_type])

describe('a calendar meeting with a call app in front', () => {
  const before = input('vscode', -30, -1, 0.25)
  const call = input('zoom', 2, 55, 3)

  it('becomes one meeting entry spanning the event, with the event and the call as reasons', () => {
    const out = join(device([...before, ...call]), [meeting()])
    expect(spans(out)).toEqual([
      ['13:30', '14:00', 'focused_work'],
      ['14:00', '15:00', 'meeting'],
    ])
    const context = out[1]?.entry.context_data
    expect(context?.reasons).toEqual(
      expect.arrayContaining(["Calendar: 'Smith v. Jones – strategy' 14:00–15:00", 'zoom in front 51 min']),
    )
    expect(context?.confidence).toBeGreaterThanOrEqual(CONFIG.verifyThreshold)
    expect(out[1]?.verification).toBeNull()
  })

  it('is clipped to the call when it clearly started late', () => {
    const out = join(device([...before, ...input('zoom', 20, 60, 3)]), [meeting()])
    expect(spans(out).at(-1)).toEqual(['14:20', '15:00', 'meeting'])
    expect(out.at(-1)?.entry.context_data.reasons).toContain('The call started late: from 14:20')
  })

  it('is clipped to the call when it clearly ended early', () => {
    const out = join(device(input('zoom', 0, 35, 3)), [meeting()])
    expect(spans(out)).toEqual([['14:00', '14:33', 'meeting']])
  })
})

describe('a calendar meeting with sparse activity on the machine', () => {
  it('becomes a meeting entry that says the activity was sparse, replacing the sparse device entry', () => {
    const out = join(device(input('chrome', 1, 57, 4)), [meeting()])
    expect(spans(out)).toEqual([['14:00', '15:00', 'meeting']])
    expect(out[0]?.entry.context_data.reasons.join(' | ')).toMatch(/Sparse activity on this machine during the meeting/)
  })
})

describe('a calendar meeting with no activity on this machine', () => {
  it('becomes a calendar-only draft, always below the verify threshold', () => {
    for (const verifyThreshold of [0.5, 0.2, 0.9]) {
      const out = join(device(input('vscode', -60, -20, 0.25)), [meeting()], { verifyThreshold })
      const draft = out.at(-1)
      expect(spans(out)).toEqual([
        ['13:00', '13:40', 'focused_work'],
        ['14:00', '15:00', 'meeting'],
      ])
      expect(draft?.entry.context_data.confidence).toBeLessThan(verifyThreshold)
      expect(draft?.entry.context_data.reasons).toContain('Calendar only: no activity on this machine')
      expect(draft?.verification?.reason).toBe('Calendar only: no activity on this machine')
    }
  })

  it('leaves out the part the user already owns', () => {
    const out = join([], [meeting()], {}, [{ startMs: at(0), endMs: at(30) }])
    expect(spans(out)).toEqual([['14:30', '15:00', 'meeting']])
  })
})

describe('a calendar meeting during focused work in another app', () => {
  it('keeps the work, flags it for review and never bills the meeting on top of it', () => {
    const work = device(input('vscode', -10, 62, 0.25))
    const out = join(work, [meeting()])
    expect(spans(out)).toEqual(spans(work))
    const flagged = out[0]
    expect(flagged?.entry.context_data.confidence).toBeLessThan(CONFIG.verifyThreshold)
    expect(flagged?.verification?.reason).toBe('Worked through a calendar meeting')
    expect(flagged?.entry.context_data.reasons.at(-1)).toMatch(
      /overlaps focused work in vscode: worked through the meeting\?/,
    )
  })
})

describe('client, project and narrative of a meeting', () => {
  const rules: ClassificationRule[] = [
    {
      id: 'smith',
      priority: 0,
      attendee_domain: 'smithlaw.com',
      client_id: 'client-smith',
      project_id: 'project-jones',
    },
    { id: 'acme-title', priority: 0, title_pattern: 'acme', client_id: 'client-acme' },
  ]

  it('come from an attendee-domain rule (a subdomain counts) or a title rule', () => {
    const bySubdomain = join([], [meeting({ attendeeDomains: ['mail.smithlaw.com'] })], { rules })[0]?.entry
    expect([bySubdomain?.client_id, bySubdomain?.project_id]).toEqual(['client-smith', 'project-jones'])
    expect(bySubdomain?.context_data.reasons).toContain("Rule 'smith' matched (attendee from mail.smithlaw.com)")
    const byTitle = join([], [meeting({ title: 'ACME quarterly', attendeeDomains: [] })], { rules })[0]?.entry
    expect(byTitle?.client_id).toBe('client-acme')
    expect(
      join([], [meeting({ title: 'Lunch', attendeeDomains: ['other.org'] })], { rules })[0]?.entry.client_id,
    ).toBeNull()
  })

  it('come from approved meetings with the same attendee domain when no rule decides; a rule wins', () => {
    const learnedDomains = [
      { domain: 'smithlaw.com', project_id: 'project-old', client_id: 'client-smith', approvals: 1 },
      { domain: 'smithlaw.com', project_id: 'project-jones', client_id: 'client-smith', approvals: 3 },
    ]
    const learned = join([], [meeting()], { learnedDomains })[0]?.entry
    expect([learned?.client_id, learned?.project_id, learned?.context_data.suggestion_source]).toEqual([
      'client-smith',
      'project-jones',
      'learned',
    ])
    expect(learned?.context_data.reasons).toContain('Resembles 3 approved meetings with smithlaw.com')
    const ruled = join([], [meeting()], { learnedDomains, rules })[0]?.entry
    expect([ruled?.project_id, ruled?.context_data.suggestion_source]).toEqual(['project-jones', 'rule'])
    expect(join([], [meeting({ attendeeDomains: ['other.org'] })], { learnedDomains })[0]?.entry.client_id).toBeNull()
  })

  it('an attendee-domain rule never classifies app activity', () => {
    const work = device(input('vscode', -30, -1, 0.25), rules)
    expect(work[0]?.entry.client_id).toBeNull()
  })

  it('uses the event title and attendee organisations for the narrative only when the setting allows', () => {
    const off = join([], [meeting()])[0]?.entry.context_data.narrative
    const on = join([], [meeting()], { narrativeFromEvents: true })[0]?.entry.context_data.narrative
    expect(off).not.toMatch(/Smith|smithlaw/)
    expect(on).toBe("Meeting 'Smith v. Jones – strategy' with smithlaw.com")
  })
})

describe('entries never overlap', () => {
  const APPS = ['vscode', 'zoom', 'chrome', 'word']
  const signals = fc
    .array(fc.record({ gap: fc.integer({ min: 5, max: 600 }), app: fc.constantFrom(...APPS) }), { maxLength: 150 })
    .map((steps) => {
      let t = at(-60)
      return steps.map(({ gap, app }): StoredSignal => {
        t += gap * 1000
        return { ts: t, app, type: 'keyboard', count: 1, title: null }
      })
    })
  const interval = fc.record({ start: fc.integer({ min: -90, max: 240 }), length: fc.integer({ min: 1, max: 120 }) })
  const events = fc
    .array(interval, { maxLength: 6 })
    .map((list) =>
      list.map(({ start, length }, i) => meeting({ key: `e${i}`, startMs: at(start), endMs: at(start + length) })),
    )
  const frozen = fc.array(interval, { maxLength: 3 })

  it('holds for any device activity, meetings (double-booked too) and time the user owns', () => {
    fc.assert(
      fc.property(signals, events, frozen, (stream, meetings, owned) => {
        const taken = owned
          .map(({ start, length }) => ({ startMs: at(start), endMs: at(start + length) }))
          .sort((a, b) => a.startMs - b.startMs)
        const overlaps = (a: Interval, b: Interval) => Math.min(a.endMs, b.endMs) > Math.max(a.startMs, b.startMs)
        // The host cuts the user's time out of the signal stream: device entries never overlap it.
        const entries = device(stream).filter((f) => !taken.some((t) => overlaps(f, t)))
        const out = join(entries, meetings, {}, taken)
        for (let i = 1; i < out.length; i++)
          expect((out[i] as Finished).startMs).toBeGreaterThanOrEqual((out[i - 1] as Finished).endMs)
        for (const f of out) {
          expect(taken.some((t) => overlaps(f, t))).toBe(false)
          expect([f.entry.started_at, f.entry.ended_at]).toEqual([iso(f.startMs), iso(f.endMs)])
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('a calendar meeting and the matter list (#30)', () => {
  const matters = [
    {
      number: '2024-0117',
      name: 'Smith v Jones',
      aliases: [],
      parties: ['Smith Holdings LLC'],
      domains: ['smithlaw.com'],
      project_id: 'p-0117',
      client_id: 'c-smith',
    },
    {
      number: '2024-0150',
      name: 'Delta v Harbor',
      aliases: [],
      parties: [],
      domains: [],
      project_id: 'p-0150',
      client_id: 'c-delta',
    },
  ]
  const call = input('zoom', 2, 55, 3)

  it('names the matter of the title, and a meeting with the client domain is A106', () => {
    const out = join(device(call), [meeting()], { matters })
    const entry = out.find((f) => f.entry.activity_type === 'meeting')?.entry
    expect(entry).toMatchObject({ project_id: 'p-0117', client_id: 'c-smith' })
    expect(entry?.context_data).toMatchObject({
      suggestion_source: 'matter',
      suggestion_reason: "Matter name 'Smith v Jones' (2024-0117) in 'Smith v. Jones – strategy'",
      utbms: { activity_code: 'A106', source: 'default' },
    })
    expect(entry!.context_data.confidence).toBeGreaterThanOrEqual(CONFIG.verifyThreshold)
  })

  it('falls back on an attendee domain, and asks when the title names two matters', () => {
    const byDomain = join(device(call), [meeting({ title: 'Weekly sync' })], { matters }).find(
      (f) => f.entry.activity_type === 'meeting',
    )?.entry
    expect(byDomain?.context_data.suggestion_reason).toBe('Attendee domain smithlaw.com (matter 2024-0117)')
    const two = join(device(call), [meeting({ title: '2024-0117 / 2024-0150 scheduling' })], { matters }).find(
      (f) => f.entry.activity_type === 'meeting',
    )?.entry
    expect(two!.context_data.confidence).toBeLessThan(CONFIG.verifyThreshold)
    expect(two?.context_data.suggestion_reason).toContain('two matters in one entry')
  })
})
