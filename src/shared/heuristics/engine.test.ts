import { describe, expect, it } from 'vitest'
import { activity, iso, MIN, run, signal, T0 } from '../../../test/shared/testSignals'

describe('seed examples (golden)', () => {
  const seedSignals = [
    { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
    { timestamp: '2024-01-24T09:15:00Z', app: 'vscode', type: 'mouse_click', source_type: 'mouse' },
  ]

  it('two vscode signals 15 min apart with the default thresholds: two suggestions, idle never billed', () => {
    const result = run(seedSignals)
    // The seed counts two suggestions; the 15-minute gap exceeds both idle (5) and merge (10),
    // so it lies in neither: each is a single moment, flagged for verification.
    expect(result.status).toBe('success')
    expect(result.suggested_count).toBe(2)
    expect(result.entries.map((e) => [e.started_at, e.ended_at, e.duration_minutes])).toEqual([
      ['2024-01-24T09:00:00Z', '2024-01-24T09:00:00Z', 0],
      ['2024-01-24T09:15:00Z', '2024-01-24T09:15:00Z', 0],
    ])
    expect(result.verification_required).toHaveLength(2)
    expect(result.verification_required[0]).toMatchObject({ reason: 'Low confidence - single signal' })
  })

  it("with thresholds that cover the gap it is the seed's pending-review entry", () => {
    const result = run(seedSignals, { idle: 20, merge: 20 })
    expect(result).toMatchObject({ status: 'success', suggested_count: 1, verification_required: [] })
    expect(result.entries[0]).toMatchObject({
      started_at: '2024-01-24T09:00:00Z',
      ended_at: '2024-01-24T09:15:00Z',
      duration_minutes: 15,
      status: 'pending',
      source: 'auto',
      activity_type: 'focused_work',
      context_data: { applications: ['vscode'], primary_activity: 'focused_work' },
    })
  })

  it('invalid signal: partial_success with the seed\'s "Signal #2 missing timestamp field" item', () => {
    const result = run([
      ...activity(T0, T0 + 10 * MIN, 'vscode').slice(0, 1),
      { app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
      ...activity(T0 + MIN, T0 + 10 * MIN, 'vscode'),
    ])
    expect(result.status).toBe('partial_success')
    expect(result.verification_required[0]).toEqual({
      confidence: 0.3,
      reason: 'Signal timestamp missing',
      description: 'Signal #2 missing timestamp field',
    })
    expect(result.suggested_count).toBe(1)
  })

  it("mixed vscode and browser usage is low confidence with the seed's reason", () => {
    const signals = []
    for (let m = 0; m < 40; m++)
      signals.push(...activity(T0 + m * MIN, T0 + m * MIN + 50_000, m % 2 ? 'chrome' : 'vscode'))
    const result = run(signals)
    expect(result.entries).toHaveLength(1)
    const [entry] = result.entries
    expect(entry?.context_data.primary_activity).toBe('mixed')
    expect(entry?.context_data.applications.sort()).toEqual(['chrome', 'vscode'])
    expect(entry?.context_data.confidence).toBeLessThan(0.5)
    expect(result.verification_required).toEqual([
      expect.objectContaining({
        reason: 'Low confidence - multiple activity types detected',
        description: expect.stringContaining('Mixed'),
      }),
    ])
  })

  it('empty input is success with no entries', () => {
    expect(run([])).toEqual({ status: 'success', suggested_count: 0, verification_required: [], entries: [] })
  })
})

describe('idle detection', () => {
  it('a gap longer than the idle threshold is not billed', () => {
    const result = run([...activity(T0, T0 + 20 * MIN, 'vscode'), ...activity(T0 + 40 * MIN, T0 + 60 * MIN, 'vscode')])
    expect(result.entries.map((e) => [e.started_at, e.ended_at])).toEqual([
      [iso(T0), iso(T0 + 20 * MIN)],
      [iso(T0 + 40 * MIN), iso(T0 + 60 * MIN)],
    ])
  })

  it('gaps up to the threshold are active time', () => {
    const signals = [signal(T0, 'vscode'), signal(T0 + 5 * MIN, 'vscode'), signal(T0 + 10 * MIN, 'vscode')]
    const [entry] = run(signals).entries
    expect(entry?.context_data.active_minutes).toBe(10)
    expect(entry?.context_data.idle_minutes_merged).toBe(0)
  })

  it.each(['lock', 'suspend', 'shutdown'])('%s ends activity at the last input and is never merged across', (type) => {
    const signals = [
      ...activity(T0, T0 + 2 * MIN, 'vscode'),
      { timestamp: iso(T0 + 2 * MIN + 30_000), app: 'system', type, source_type: 'system' },
      ...activity(T0 + 4 * MIN, T0 + 10 * MIN, 'vscode'),
    ]
    const result = run(signals)
    expect(result.entries.map((e) => [e.started_at, e.ended_at])).toEqual([
      [iso(T0), iso(T0 + 2 * MIN)],
      [iso(T0 + 4 * MIN), iso(T0 + 10 * MIN)],
    ])
  })

  it('an idle_start marker decides nothing: the quiet stretch is judged by its length (presence model)', () => {
    const marker = (at: number) => ({ timestamp: iso(at), app: 'system', type: 'idle_start', source_type: 'system' })
    const short = run([
      ...activity(T0, T0 + 2 * MIN, 'vscode'),
      marker(T0 + 2 * MIN),
      ...activity(T0 + 4 * MIN, T0 + 10 * MIN, 'vscode'),
    ])
    expect(short.entries.map((e) => [e.started_at, e.ended_at])).toEqual([[iso(T0), iso(T0 + 10 * MIN)]])
    const long = run([
      ...activity(T0, T0 + 2 * MIN, 'vscode'),
      marker(T0 + 2 * MIN),
      ...activity(T0 + 20 * MIN, T0 + 30 * MIN, 'vscode'),
    ])
    expect(long.entries.map((e) => e.context_data.active_minutes)).toEqual([2, 10])
  })

  it('meeting apps get the longer meeting idle threshold', () => {
    const sparse = (app: string) => [0, 12, 24, 36].map((m) => signal(T0 + m * MIN, app, 'mouse_click'))
    expect(run(sparse('zoom')).entries).toHaveLength(1)
    expect(run(sparse('zoom')).entries[0]?.activity_type).toBe('meeting')
    expect(run(sparse('vscode')).entries).toHaveLength(4)
    expect(run(sparse('vscode'), { settings: { meeting_apps: ['vscode'] } }).entries).toHaveLength(1)
  })
})

describe('segmentation and merging', () => {
  it('same activity merges across an idle gap up to max_merge_idle_minutes; the gap lies inside', () => {
    const result = run([...activity(T0, T0 + 20 * MIN, 'vscode'), ...activity(T0 + 28 * MIN, T0 + 40 * MIN, 'vscode')])
    expect(result.entries).toHaveLength(1)
    expect(result.entries[0]).toMatchObject({ started_at: iso(T0), ended_at: iso(T0 + 40 * MIN), duration_minutes: 40 })
    expect(result.entries[0]?.context_data).toMatchObject({ active_minutes: 32, idle_minutes_merged: 8 })
  })

  it('a longer gap is not merged', () => {
    const result = run([...activity(T0, T0 + 20 * MIN, 'vscode'), ...activity(T0 + 31 * MIN, T0 + 40 * MIN, 'vscode')])
    expect(result.entries).toHaveLength(2)
  })

  it('different activities are not merged across a gap', () => {
    const result = run([...activity(T0, T0 + 20 * MIN, 'vscode'), ...activity(T0 + 28 * MIN, T0 + 40 * MIN, 'outlook')])
    expect(result.entries.map((e) => e.activity_type)).toEqual(['focused_work', 'communication'])
  })

  it('application contexts lasting long enough become their own entries, back to back', () => {
    const result = run([
      ...activity(T0, T0 + 30 * MIN, 'vscode'),
      ...activity(T0 + 30 * MIN + 10_000, T0 + 60 * MIN, 'word'),
    ])
    expect(result.entries.map((e) => [e.activity_type, e.started_at, e.ended_at])).toEqual([
      ['focused_work', iso(T0), iso(T0 + 30 * MIN + 10_000)],
      ['writing', iso(T0 + 30 * MIN + 10_000), iso(T0 + 60 * MIN)],
    ])
  })

  it('a short glance at another app stays inside the surrounding entry as evidence', () => {
    const result = run([
      ...activity(T0, T0 + 20 * MIN, 'vscode'),
      ...activity(T0 + 20 * MIN + 10_000, T0 + 21 * MIN, 'outlook'),
      ...activity(T0 + 21 * MIN + 10_000, T0 + 40 * MIN, 'vscode'),
    ])
    expect(result.entries).toHaveLength(1)
    expect(result.entries[0]?.context_data.applications).toEqual(['vscode', 'outlook'])
    expect(result.entries[0]?.context_data.primary_activity).toBe('focused_work')
  })
})

describe('classification', () => {
  it('uses the default app map', () => {
    const types = ['word', 'chrome', 'outlook', 'zoom', 'excel', 'figma', 'someapp'].map(
      (app) => run(activity(T0, T0 + 10 * MIN, app)).entries[0]?.activity_type,
    )
    expect(types).toEqual(['writing', 'research', 'communication', 'meeting', 'admin', 'design', 'other'])
  })

  it('rules match app and title, highest priority first, and propose project and client', () => {
    const rules = [
      { id: 'any-word', priority: 1, app: 'word', activity_type: 'writing', project_id: 'p-general', client_id: null },
      {
        id: 'acme-motion',
        priority: 5,
        app: 'word',
        title_pattern: 'motion to dismiss',
        project_id: 'p-acme',
        client_id: 'c-acme',
      },
    ]
    const result = run(activity(T0, T0 + 10 * MIN, 'word', 10_000, 'Motion to Dismiss.docx'), {
      settings: { classification_rules: rules },
    })
    expect(result.entries[0]).toMatchObject({ project_id: 'p-acme', client_id: 'c-acme', activity_type: 'writing' })
    expect(result.entries[0]?.context_data).toMatchObject({
      suggestion_source: 'rule',
      suggestion_reason: "Rule 'acme-motion' matched",
    })
    const other = run(activity(T0, T0 + 10 * MIN, 'word', 10_000, 'Letter.docx'), {
      settings: { classification_rules: rules },
    })
    expect(other.entries[0]?.project_id).toBe('p-general')
  })

  it('a rule with an invalid pattern is skipped, not fatal', () => {
    const rules = [{ id: 'broken', priority: 9, title_pattern: '([', project_id: 'x' }]
    const result = run(activity(T0, T0 + 10 * MIN, 'word', 10_000, 'x'), { settings: { classification_rules: rules } })
    expect(result.entries[0]?.project_id).toBeNull()
  })

  it('learned hints propose the project of approved look-alikes and say why', () => {
    const learned = [
      { app: 'vscode', activity_type: 'focused_work', project_id: 'p1', client_id: 'c1', approvals: 3 },
      { app: 'vscode', activity_type: 'focused_work', project_id: 'p2', client_id: 'c2', approvals: 1 },
    ]
    const [entry] = run(activity(T0, T0 + 10 * MIN, 'vscode'), { learned }).entries
    expect(entry).toMatchObject({ project_id: 'p1', client_id: 'c1' })
    expect(entry?.context_data.suggestion_source).toBe('learned')
    expect(entry?.context_data.suggestion_reason).toContain('3 approved')
  })

  it('excluded apps are never billed', () => {
    const result = run(activity(T0, T0 + 10 * MIN, 'banking'), { settings: { excluded_apps: ['banking'] } })
    expect(result.entries).toEqual([])
  })
})

describe('confidence, reasons and narrative', () => {
  it('steady focused work is confident and explains why', () => {
    const [entry] = run(activity(T0, T0 + 30 * MIN, 'vscode', 1000)).entries
    expect(entry?.context_data.confidence).toBeGreaterThanOrEqual(0.8)
    expect(entry?.context_data.reasons[0]).toBe('vscode in front 100% of active time')
  })

  it('sparse input lowers confidence', () => {
    const dense = run(activity(T0, T0 + 30 * MIN, 'vscode', 1000)).entries[0]?.context_data.confidence ?? 0
    const sparse = run(activity(T0, T0 + 30 * MIN, 'vscode', 4 * MIN)).entries[0]?.context_data.confidence ?? 1
    expect(sparse).toBeLessThan(dense)
  })

  it('drafts a narrative from apps and titles', () => {
    const result = run([
      ...activity(T0, T0 + 20 * MIN, 'word', 10_000, 'Motion to dismiss.docx'),
      ...activity(T0 + 20 * MIN + 10_000, T0 + 21 * MIN, 'outlook'),
      ...activity(T0 + 21 * MIN + 10_000, T0 + 30 * MIN, 'word', 10_000, 'Motion to dismiss.docx'),
    ])
    expect(result.entries[0]?.context_data.narrative).toBe(
      "Drafted 'Motion to dismiss.docx' in word; e-mail and messages in outlook",
    )
  })
})

describe('bad input survives', () => {
  it('reports each bad signal by number and keeps the good ones', () => {
    const good = activity(T0, T0 + 10 * MIN, 'vscode')
    const result = run(
      [
        ...good.slice(0, 5),
        { timestamp: 'yesterday', app: 'vscode', type: 'keyboard', source_type: 'keyboard' },
        { timestamp: iso(T0), app: 'vscode', type: 'telepathy', source_type: 'keyboard' },
        { timestamp: iso(T0), app: '', type: 'keyboard', source_type: 'keyboard' },
        42,
        { timestamp: iso(T0), app: 'vscode', type: 'keyboard' },
        { ...good[0] },
        ...good.slice(5),
      ],
      { nowMs: T0 + 60 * MIN },
    )
    expect(result.status).toBe('partial_success')
    // #12: an unknown type (#7, counted as input of its source) and a missing source (#10, read
    // from its type) are usable; only unusable signals get an item each, exact repeats one summary.
    expect(result.verification_required.map((v) => v.description)).toEqual([
      'Signal #6 timestamp is not UTC ISO-8601 (e.g. 2024-01-24T09:00:00Z)',
      'Signal #8 app is not a name of 1 to 128 characters',
      'Signal #9 is not an object',
      '2 signals exactly repeat an earlier one (same timestamp, app, type and source) and were counted once (first: signal #10 repeats #1)',
    ])
    expect(result.info).toEqual({
      unknown_signal_types: { telepathy: 1 },
      duplicate_signals: 2,
      out_of_order_signals: 1,
    })
    expect(result.entries.map((e) => [e.started_at, e.ended_at])).toEqual([[iso(T0), iso(T0 + 10 * MIN)]])
  })

  it('out-of-order input is used in time order: success, one informational count (#23)', () => {
    const signals = activity(T0, T0 + 10 * MIN, 'vscode')
    const shuffled = [...signals.slice(30), ...signals.slice(0, 30)]
    const result = run(shuffled)
    expect(result.status).toBe('success')
    expect(result.verification_required).toEqual([])
    expect(result.info).toEqual({ out_of_order_signals: 30 })
    expect(result.entries).toEqual(run(signals).entries)
  })

  it('far-future timestamps are rejected', () => {
    const result = run([...activity(T0, T0 + 10 * MIN, 'vscode'), signal(T0 + 365 * 24 * 60 * MIN, 'vscode')], {
      nowMs: T0 + 11 * MIN,
    })
    expect(result.status).toBe('partial_success')
    expect(result.verification_required[0]?.reason).toBe('Signal timestamp in the future')
    expect(result.entries).toHaveLength(1)
  })

  it('non-object and garbage values never throw', () => {
    expect(() =>
      run([null, [], 'x', { timestamp: 5 }, { timestamp: { a: 1 } }, { timestamp: iso(T0), app: 3 }]),
    ).not.toThrow()
  })
})

describe('hostile app names', () => {
  it('apps named like Object.prototype members are ordinary apps', () => {
    for (const app of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const result = run(activity(T0, T0 + 20 * MIN, app))
      expect(result.status).toBe('success')
      expect(result.entries).toHaveLength(1)
      expect(result.entries[0]).toMatchObject({ activity_type: 'other', context_data: { applications: [app] } })
    }
  })
})
