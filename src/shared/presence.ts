// The one presence model (#23): whether the user was at work at a given moment. Capture, the
// heuristics (fold.ts), the day timeline, the away prompt and the ActivityWatch import all read
// presence through this module; nothing else decides idle.
//
// Signals are facts: input (keyboard, mouse, focus, Wayland presence seconds) says someone was at the machine in an app;
// lock, suspend and shutdown say the machine was not usable; idle_start/idle_end (capture's
// and ActivityWatch's "no input since…" markers), unlock and resume are facts too, but they
// decide nothing: the stretch without input they describe is judged here by its length, the
// app in front and the calendar. So a quiet stretch in a call is one thing everywhere:
//   - up to the idle threshold it is ordinary work between inputs (`idle` on the timeline);
//   - up to the meeting idle threshold it stays in the meeting (`meeting_quiet`) when a meeting
//     app is in front, or when it lies inside a calendar meeting the user attends (then only
//     the part outside the meeting is held to the plain idle threshold);
//   - longer, the user was away (`away`), and a lock, suspend or shutdown always cuts (`locked`).
import { normalizeAppId } from './appId'
import type { SignalType } from './domain'
import { signalTypeTable, type PresenceMeaning } from './signalRegistry'

export type { PresenceMeaning }

/** What each signal type says about presence (its registry entry). */
export const PRESENCE_MEANING: Readonly<Record<SignalType, PresenceMeaning>> = signalTypeTable('presence')

/** The state of one stretch of time. */
export type PresenceKind = 'active' | 'idle' | 'meeting_quiet' | 'away' | 'locked'

/** Below this a pause is just the rhythm of input, not even `idle` (capture coalesces per second). */
export const PAUSE_SECONDS = 60

export interface Interval {
  startMs: number
  endMs: number
}

export interface PresenceSettings {
  idle_threshold_minutes: number
  meeting_idle_threshold_minutes: number
  meeting_apps: readonly string[]
  app_aliases: Readonly<Record<string, string>>
}

/**
 * Meeting apps are matched one way everywhere: both the app and each configured name go
 * through the app-id normalisation capture and the imports use (user aliases, then the built-in
 * map: `Zoom.exe`, `zoom.us` and `zoom` are one app), and must then be equal.
 */
export function meetingAppMatcher(
  meetingApps: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): (app: string) => boolean {
  const ids = new Set(meetingApps.filter((name) => name.trim() !== '').map((name) => normalizeAppId(name, aliases)))
  const known = new Map<string, boolean>()
  return (app) => {
    let answer = known.get(app)
    if (answer === undefined) {
      answer = ids.has(normalizeAppId(app, aliases))
      if (known.size < 4096) known.set(app, answer)
    }
    return answer
  }
}

/** Sorted, disjoint copies of the intervals (empty and inverted ones dropped). */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs)
  const merged: Interval[] = []
  for (const { startMs, endMs } of sorted) {
    const last = merged[merged.length - 1]
    if (last && startMs <= last.endMs) last.endMs = Math.max(last.endMs, endMs)
    else merged.push({ startMs, endMs })
  }
  return merged
}

/**
 * The thresholds and the attended calendar meetings, with the one rule that judges a stretch
 * without input. Cheap enough for the fold's hot path: only stretches longer than the idle
 * threshold (rare) look at the meetings.
 */
export class PresenceRules {
  readonly isMeetingApp: (app: string) => boolean
  private meetings: Interval[]

  constructor(
    readonly idleThresholdMs: number,
    readonly meetingIdleThresholdMs: number,
    isMeetingApp: (app: string) => boolean,
    meetings: readonly Interval[] = [],
  ) {
    this.isMeetingApp = isMeetingApp
    this.meetings = mergeIntervals(meetings)
  }

  static fromSettings(settings: PresenceSettings, meetings: readonly Interval[] = []): PresenceRules {
    const idle = settings.idle_threshold_minutes * 60_000
    return new PresenceRules(
      idle,
      Math.max(idle, settings.meeting_idle_threshold_minutes * 60_000),
      meetingAppMatcher(settings.meeting_apps, settings.app_aliases),
      meetings,
    )
  }

  /** More attended meetings became known (a calendar refresh, a later range): union, idempotent. */
  addMeetings(meetings: readonly Interval[]): void {
    if (meetings.length > 0) this.meetings = mergeIntervals([...this.meetings, ...meetings])
  }

  get attendedMeetings(): readonly Interval[] {
    return this.meetings
  }

  /**
   * A stretch without input from `fromMs` (the last input) to `toMs` (the next one, or now),
   * with `meetingAppInFront` when the last input was in a meeting app. Never `locked`: a lock is
   * a fact the caller sees in the signals, and it cuts whatever this says.
   */
  judgeQuiet(fromMs: number, toMs: number, meetingAppInFront: boolean): 'idle' | 'meeting_quiet' | 'away' {
    const quietMs = toMs - fromMs
    if (quietMs <= this.idleThresholdMs) return 'idle'
    if (quietMs > this.meetingIdleThresholdMs) return 'away'
    if (meetingAppInFront) return 'meeting_quiet'
    // Inside a calendar meeting: kept when the quiet time outside every meeting is itself short.
    const inMeetingMs = this.meetingOverlapMs(fromMs, toMs)
    if (inMeetingMs > 0 && quietMs - inMeetingMs <= this.idleThresholdMs) return 'meeting_quiet'
    return 'away'
  }

  /** Whether the activity before a stretch without input goes on across it. */
  keepsActivity(fromMs: number, toMs: number, meetingAppInFront: boolean): boolean {
    return this.judgeQuiet(fromMs, toMs, meetingAppInFront) !== 'away'
  }

  private meetingOverlapMs(fromMs: number, toMs: number): number {
    const meetings = this.meetings
    // First meeting that ends after fromMs (binary search: meetings are sorted and disjoint).
    let lo = 0
    let hi = meetings.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((meetings[mid] as Interval).endMs <= fromMs) lo = mid + 1
      else hi = mid
    }
    let overlap = 0
    for (let i = lo; i < meetings.length; i++) {
      const m = meetings[i] as Interval
      if (m.startMs >= toMs) break
      overlap += Math.min(m.endMs, toMs) - Math.max(m.startMs, fromMs)
    }
    return overlap
  }
}

/** A signal as presence reads it (time-ordered input is not required: it is sorted here). */
export interface PresenceSignal {
  /** epoch milliseconds */
  ts: number
  app: string
  type: SignalType
  count: number
}

export interface PresenceSpan {
  startMs: number
  endMs: number
  kind: PresenceKind
  /** app in front: the active app, or the app the user was in when the stretch began */
  app: string | null
  /** raw input events in the span (0 for everything but `active`) */
  events: number
}

/**
 * The presence timeline of a range: `active` runs of one app (input closer than PAUSE_SECONDS)
 * and the stretches between them, each judged by `rules`. Consecutive runs of one app are
 * joined; a stretch shorter than a pause inside a run is part of it.
 */
export function presenceTimeline(signals: Iterable<PresenceSignal>, rules: PresenceRules): PresenceSpan[] {
  const ordered = [...signals].sort((a, b) => a.ts - b.ts)
  const spans: PresenceSpan[] = []
  let run: PresenceSpan | null = null
  /** the last input in a meeting app, for the stretch after it */
  let runInMeetingApp = false
  /** a lock, suspend or shutdown since the last input */
  let left = false
  /** the stretch without input is judged from the last input itself, exactly as the fold does */
  let lastInputMs = Number.NaN
  for (const signal of ordered) {
    const meaning = PRESENCE_MEANING[signal.type]
    if (meaning === 'fact') continue
    if (meaning === 'leave') {
      if (run) left = true
      continue
    }
    const quietFrom = run ? run.endMs : Number.NaN
    const quietMs = signal.ts - quietFrom
    if (run && !left && signal.app === run.app && quietMs <= PAUSE_SECONDS * 1000) {
      run.endMs = Math.max(run.endMs, signal.ts + 1000)
      run.events += signal.count
      lastInputMs = signal.ts
      continue
    }
    if (run) {
      spans.push(run)
      if (left) {
        // The machine was locked or asleep: activity ended at the last input before it (as in the fold).
        if (signal.ts > quietFrom)
          spans.push({ startMs: quietFrom, endMs: signal.ts, kind: 'locked', app: run.app, events: 0 })
      } else if (quietMs > PAUSE_SECONDS * 1000) {
        const kind = rules.judgeQuiet(lastInputMs, signal.ts, runInMeetingApp)
        spans.push({ startMs: quietFrom, endMs: signal.ts, kind, app: run.app, events: 0 })
      } else if (signal.ts > run.endMs) {
        // A short switch between two apps: the earlier app's run reaches the next input.
        run.endMs = signal.ts
      }
    }
    run = { startMs: signal.ts, endMs: signal.ts + 1000, kind: 'active', app: signal.app, events: signal.count }
    runInMeetingApp = rules.isMeetingApp(signal.app)
    lastInputMs = signal.ts
    left = false
  }
  if (run) spans.push(run)
  return spans
}
