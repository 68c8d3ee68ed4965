// The attested part of an ingest: which approved time it covers, how densely, and with which names.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { suggestEntries } from '../../../tools/reference-server/heuristic'
import { isoSeconds } from '../../shared/isoTime'
import { IngestRequest, type WireSignal } from './apiSchemas'
import { evidenceOf, withAttestedStretches } from './attestedSignals'

const T0 = Date.parse('2026-03-02T09:00:00Z')
const at = (minutes: number) => isoSeconds(T0 + minutes * 60_000)
const keyboard = (minutes: number): WireSignal => ({
  timestamp: at(minutes),
  app: 'word',
  type: 'keyboard',
  source_type: 'keyboard',
})
const SEED = { idle_threshold_minutes: 5, max_merge_idle_minutes: 10 }

describe('attested signals for an approved span', () => {
  it('attests a span without device signals from its start to its end, one a minute', () => {
    const signals = withAttestedStretches([], at(0), at(3.5), 'calendar', SEED)
    expect(signals).toEqual(
      [0, 1, 2, 3, 3.5].map((m) => ({ timestamp: at(m), app: 'calendar', type: 'attested', source_type: 'calendar' })),
    )
  })

  it('sends one signal for an empty span', () => {
    expect(withAttestedStretches([], at(0), at(0), 'manual', SEED).map((s) => s.timestamp)).toEqual([at(0)])
  })

  it('leaves pauses the seed bridges (up to the merge window) to the server, and fills longer ones', () => {
    const device = [0, 8, 18, 30].map(keyboard)
    // 0→8 and 8→18 are bridged (≤ 10 min); 18→30 is not
    const signals = withAttestedStretches(device, at(0), at(30), 'manual', SEED)
    expect(signals.filter((s) => s.type === 'attested').map((s) => s.timestamp)).toEqual(
      [19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29].map(at),
    )
    expect(signals.filter((s) => s.type === 'keyboard')).toEqual(device)
  })

  it('fills a long head and tail up to the exact approved start and end', () => {
    const signals = withAttestedStretches([keyboard(20)], at(0), at(45), 'calendar', SEED)
    const times = signals.map((s) => s.timestamp)
    expect(times[0]).toBe(at(0))
    expect(times.at(-1)).toBe(at(45))
    expect(times).toEqual([
      ...[...Array(20).keys()].map(at),
      at(20),
      ...[21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45].map(at),
    ])
  })

  it('names the evidence: a calendar meeting, else the user', () => {
    const calendar = (kind: string) => ({
      context_data: { confidence: 1, applications: [], primary_activity: 'meeting', reasons: [], calendar: { kind } },
    })
    expect(evidenceOf(calendar('calendar_only'))).toBe('calendar')
    expect(evidenceOf(calendar('meeting'))).toBe('calendar')
    // work done through a meeting is not the meeting
    expect(evidenceOf(calendar('worked_through'))).toBe('manual')
    expect(
      evidenceOf({
        context_data: {
          confidence: 1,
          applications: [],
          primary_activity: 'other',
          reasons: ['assigned from the away prompt'],
        },
      }),
    ).toBe('manual')
  })

  it('cannot put anything but the evidence on the wire: the request schema refuses a titled or mixed attested signal', () => {
    const request = (signal: Record<string, string>) =>
      IngestRequest.safeParse({ activity_signals: [signal], idle_threshold_minutes: 5, max_merge_idle_minutes: 10 })
        .success
    expect(request({ timestamp: at(0), app: 'calendar', type: 'attested', source_type: 'calendar' })).toBe(true)
    expect(request({ timestamp: at(0), app: 'manual', type: 'attested', source_type: 'manual' })).toBe(true)
    expect(request({ timestamp: at(0), app: 'Acme settlement call', type: 'attested', source_type: 'calendar' })).toBe(
      false,
    )
    expect(request({ timestamp: at(0), app: 'manual', type: 'attested', source_type: 'calendar' })).toBe(false)
    expect(request({ timestamp: at(0), app: 'zoom', type: 'keyboard', source_type: 'calendar' })).toBe(false)
    // and a title added to a signal is dropped, not sent
    const parsed = IngestRequest.parse({
      activity_signals: [
        { timestamp: at(0), app: 'calendar', type: 'attested', source_type: 'calendar', title: 'Acme' },
      ],
      idle_threshold_minutes: 5,
      max_merge_idle_minutes: 10,
    })
    expect(parsed.activity_signals[0]).toEqual({
      timestamp: at(0),
      app: 'calendar',
      type: 'attested',
      source_type: 'calendar',
    })
  })

  it('property: the seed sees exactly one span, from the approved start to the approved end, whatever the device signals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 59 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 60 }),
        (minutes, seconds, places, idle, merge) => {
          const start = T0 + seconds * 1000
          const end = start + minutes * 60_000 + seconds * 1000
          const device = [...new Set(places.map((p) => Math.floor((start + p * (end - start - 1)) / 1000) * 1000))]
            .filter((ms) => ms >= start && ms < end)
            .sort((a, b) => a - b)
            .map((ms): WireSignal => ({
              timestamp: isoSeconds(ms),
              app: 'zoom',
              type: 'mouse_click',
              source_type: 'mouse',
            }))
          const thresholds = { idle_threshold_minutes: idle, max_merge_idle_minutes: merge }
          const signals = withAttestedStretches(device, isoSeconds(start), isoSeconds(end), 'calendar', thresholds)
          const spans = suggestEntries(signals, idle, merge)
          expect(spans).toHaveLength(1)
          const [first] = spans
          // the server's derived start is the approved one; its end is too, unless the last device
          // signal is closer to it than the seed bridges (the PATCH then sets the end exactly)
          // (the seed's one-minute floor for a short span aside)
          expect(Date.parse(first!.ended_at)).toBeLessThanOrEqual(Math.max(end, Date.parse(first!.started_at) + 60_000))
          if (device.length === 0)
            expect([first!.started_at, first!.ended_at]).toEqual([
              isoSeconds(start),
              isoSeconds(Math.max(end, start + 60_000)),
            ])
          expect(end - Date.parse(first!.ended_at)).toBeLessThanOrEqual(Math.max(idle, merge) * 60_000)
          expect(Date.parse(first!.started_at) - start).toBeLessThanOrEqual(Math.max(idle, merge) * 60_000)
        },
      ),
      { numRuns: 300 },
    )
  })
})
