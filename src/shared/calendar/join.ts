// Over 350 lines on purpose: its entry builders, trimming and worked-through flags share one set of helpers.
// The join of calendar meetings with what the machine saw (pure; the heuristics worker runs it
// over entries the fold has closed). Per meeting, in time order:
// - a call app in front, or only sparse activity → one `meeting` entry spanning the event,
//   clipped to the activity when the call clearly started late or ended early; the device
//   entries there are trimmed around it;
// - no device entry at all → a calendar-only draft, always below the verify threshold;
// - focused work in another app through most of it → the work stays as it is, flagged (below
//   the verify threshold) and the meeting is not added: time is never billed twice.
// Entries never overlap each other nor the user's own entries (`frozen`).
import type { ClassificationRule } from '../domain'
import type { Finished } from '../heuristics/fold'
import { formatIsoUtc } from '../isoTime'
import type { SuggestedEntry } from '../heuristics/types'
import { MatterRecognizer, type MatterRef } from '../matters/recognize'
import { suggestActivityCode } from '../matters/utbms'
import { eventClassification, type LearnedDomainHint } from './eventRules'
import type { CalendarEventInstance } from './types'

export interface Interval {
  startMs: number
  endMs: number
}

export interface CalendarJoinConfig {
  verifyThreshold: number
  rules: readonly ClassificationRule[]
  /** narrative from the event title and attendee organisations (a setting: off by default) */
  narrativeFromEvents: boolean
  minEntryMs: number
  /** from approved calendar-backed entries (the host reads them) */
  learnedDomains?: readonly LearnedDomainHint[]
  /** the firm's matters (#30): a matter in the title or an attendee's domain names the client */
  matters?: readonly MatterRef[]
  matterNumberPattern?: string
}

/** One recogniser per join (per config object), not one per meeting. */
const recognizers = new WeakMap<CalendarJoinConfig, MatterRecognizer | null>()
function recognizerOf(config: CalendarJoinConfig): MatterRecognizer | null {
  if (!recognizers.has(config)) {
    const options = config.matterNumberPattern === undefined ? {} : { numberPattern: config.matterNumberPattern }
    recognizers.set(config, config.matters?.length ? new MatterRecognizer(config.matters, options) : null)
  }
  return recognizers.get(config) ?? null
}

export interface CalendarJoinInput {
  /** meetings worth suggesting (already filtered by the skip settings) */
  events: readonly CalendarEventInstance[]
  /** device suggestions the join may trim or flag: in time order, not overlapping */
  entries: readonly Finished[]
  /** time the user owns (approved, edited, manual, server entries): never covered */
  frozen: readonly Interval[]
}

/** What the calendar added to an entry (context_data.calendar; local, like window titles). */
export interface CalendarContext {
  kind: 'meeting' | 'calendar_only' | 'worked_through'
  event_key: string
  title: string
  started_at: string
  ended_at: string
  /** what learning keys approved meetings by */
  attendee_domains: string[]
}

/** A call that starts or ends more than this off the calendar is clipped to the activity. */
export const CLIP_SLACK_MS = 10 * 60_000
/** Focused work over this share of the device time inside a meeting means the user worked through it. */
export const WORKED_THROUGH_SHARE = 0.5

const MINUTE = 60_000
const round2 = (value: number) => Math.round(value * 100) / 100
const clock = (ms: number) => formatIsoUtc(ms).slice(11, 16)
const overlap = (a: Interval, b: Interval) => Math.max(0, Math.min(a.endMs, b.endMs) - Math.max(a.startMs, b.startMs))

export function joinCalendar(input: CalendarJoinInput, config: CalendarJoinConfig): Finished[] {
  let pieces: Finished[] = [...input.entries].sort((a, b) => a.startMs - b.startMs)
  const added: Finished[] = []
  const events = [...input.events].sort((a, b) => a.startMs - b.startMs || (a.key < b.key ? -1 : 1))
  for (const event of events) {
    // A double-booked slot: the earlier meeting's entries (and work it flagged) are taken like the user's own.
    const flagged = pieces.filter((piece) => piece.entry.context_data.calendar)
    const taken = [...input.frozen, ...added, ...flagged].sort((a, b) => a.startMs - b.startMs)
    const inside = pieces.filter((piece) => overlap(piece, event) > 0 && !piece.entry.context_data.calendar)
    if (inside.length === 0) {
      for (const free of subtract(event, taken))
        if (free.endMs - free.startMs >= config.minEntryMs) added.push(calendarOnly(event, free, config))
      continue
    }
    const deviceMs = inside.reduce((sum, piece) => sum + overlap(piece, event), 0)
    const focused = inside.filter(isFocusedWork)
    const focusedMs = focused.reduce((sum, piece) => sum + overlap(piece, event), 0)
    if (focusedMs > WORKED_THROUGH_SHARE * deviceMs) {
      pieces = pieces.map((piece) => (focused.includes(piece) ? flagWorkedThrough(piece, event, config) : piece))
      continue
    }
    const span = clippedSpan(event, inside)
    const meetingParts = subtract(span, taken).filter((part) => part.endMs - part.startMs >= config.minEntryMs)
    if (meetingParts.length === 0) continue
    pieces = pieces.flatMap((piece) => (inside.includes(piece) ? trimAround(piece, span, event, config) : [piece]))
    for (const part of meetingParts) added.push(meetingEntry(event, part, span, inside, config))
  }
  return [...pieces, ...added].sort((a, b) => a.startMs - b.startMs)
}

/** Work in an app that is not a call, with steady input (at least one signal per active minute). */
function isFocusedWork(piece: Finished): boolean {
  const { activity_type: type, context_data: context } = piece.entry
  if (type === 'meeting') return false
  return context.signal_count >= Math.max(1, context.active_minutes)
}

/** The event, or the activity inside it where the call clearly started late or ended early. */
function clippedSpan(event: CalendarEventInstance, inside: readonly Finished[]): Interval {
  const first = Math.max(event.startMs, Math.min(...inside.map((piece) => piece.startMs)))
  const last = Math.min(event.endMs, Math.max(...inside.map((piece) => piece.endMs)))
  return {
    startMs: first - event.startMs > CLIP_SLACK_MS ? first : event.startMs,
    endMs: event.endMs - last > CLIP_SLACK_MS ? last : event.endMs,
  }
}

/** `span` minus the sorted `taken` intervals. */
export function subtract(span: Interval, taken: readonly Interval[]): Interval[] {
  const parts: Interval[] = []
  let cursor = span.startMs
  for (const block of taken) {
    if (block.endMs <= cursor || block.startMs >= span.endMs) continue
    if (block.startMs > cursor) parts.push({ startMs: cursor, endMs: block.startMs })
    cursor = Math.max(cursor, block.endMs)
  }
  if (cursor < span.endMs) parts.push({ startMs: cursor, endMs: span.endMs })
  return parts
}

function calendarContext(kind: CalendarContext['kind'], event: CalendarEventInstance): CalendarContext {
  return {
    kind,
    event_key: event.key,
    title: event.title,
    started_at: formatIsoUtc(event.startMs),
    ended_at: formatIsoUtc(event.endMs),
    attendee_domains: event.attendeeDomains,
  }
}

const eventLabel = (event: CalendarEventInstance) =>
  `'${event.title || 'Untitled event'}' ${clock(event.startMs)}–${clock(event.endMs)}`

function narrative(event: CalendarEventInstance, config: CalendarJoinConfig, fallback: string): string {
  if (!config.narrativeFromEvents) return fallback
  const orgs = event.attendeeDomains.length > 0 ? ` with ${event.attendeeDomains.join(', ')}` : ''
  return `Meeting '${event.title || 'Untitled event'}'${orgs}`
}

function base(event: CalendarEventInstance, part: Interval, config: CalendarJoinConfig) {
  const classification = eventClassification(event, config.rules, config.learnedDomains, recognizerOf(config))
  return {
    classification,
    entry: {
      started_at: formatIsoUtc(part.startMs),
      ended_at: formatIsoUtc(part.endMs),
      duration_minutes: round2((part.endMs - part.startMs) / MINUTE),
      status: 'pending',
      source: 'auto',
      activity_type: 'meeting',
      project_id: classification?.projectId ?? null,
      client_id: classification?.clientId ?? null,
      notes: null,
    } satisfies Omit<SuggestedEntry, 'context_data'>,
  }
}

interface MeetingFacts {
  confidence: number
  applications: string[]
  reasons: string[]
  /** the narrative when events do not name it */
  fallbackNarrative: string
  activeMinutes: number
  signalCount: number
}

/** The context_data of a meeting entry, of either kind. */
function meetingContext(
  event: CalendarEventInstance,
  config: CalendarJoinConfig,
  classification: ReturnType<typeof base>['classification'],
  kind: CalendarContext['kind'],
  facts: MeetingFacts,
): SuggestedEntry['context_data'] {
  const matter =
    classification?.source === 'matter'
      ? config.matters?.find((m) => m.project_id === classification.projectId)
      : undefined
  // a meeting with the client is A106; other meetings get no guess (the firm's own domain is not known here)
  const code = matter
    ? suggestActivityCode({
        activity_type: 'meeting',
        applications: facts.applications,
        attendee_domains: event.attendeeDomains,
        client_domains: matter.domains,
      })
    : null
  return {
    // a matter found on a common word only, or two matters: the entry asks (#30)
    confidence:
      classification?.sure === false ? Math.min(facts.confidence, config.verifyThreshold - 0.05) : facts.confidence,
    applications: facts.applications,
    primary_activity: 'meeting',
    reasons: facts.reasons,
    narrative: narrative(event, config, facts.fallbackNarrative),
    suggestion_source: classification?.source ?? 'default',
    ...(classification ? { suggestion_reason: classification.reason } : {}),
    active_minutes: facts.activeMinutes,
    idle_minutes_merged: 0,
    signal_count: facts.signalCount,
    calendar: calendarContext(kind, event),
    ...(code?.code === 'A106'
      ? { utbms: { activity_code: code.code, reason: code.reason, source: 'default' as const } }
      : {}),
  }
}

function calendarOnly(event: CalendarEventInstance, part: Interval, config: CalendarJoinConfig): Finished {
  const { classification, entry } = base(event, part, config)
  // Nothing on this machine confirms it: always for the user to verify.
  const confidence = round2(Math.max(0, Math.min(0.35, config.verifyThreshold - 0.05)))
  const reasons = [`Calendar: ${eventLabel(event)}`, 'Calendar only: no activity on this machine']
  if (classification) reasons.push(classification.reason)
  return {
    startMs: part.startMs,
    endMs: part.endMs,
    entry: {
      ...entry,
      context_data: meetingContext(event, config, classification, 'calendar_only', {
        confidence,
        applications: [],
        reasons,
        fallbackNarrative: 'Meeting (from the calendar)',
        activeMinutes: 0,
        signalCount: 0,
      }),
    },
    verification: {
      confidence,
      reason: 'Calendar only: no activity on this machine',
      description: `Calendar meeting ${eventLabel(event)} UTC; nothing on this machine confirms it`,
      started_at: entry.started_at,
      ended_at: entry.ended_at,
    },
  }
}

function meetingEntry(
  event: CalendarEventInstance,
  part: Interval,
  span: Interval,
  inside: readonly Finished[],
  config: CalendarJoinConfig,
): Finished {
  const { classification, entry } = base(event, part, config)
  const calls = inside.filter((piece) => piece.entry.activity_type === 'meeting')
  const callMs = calls.reduce((sum, piece) => sum + overlap(piece, part), 0)
  const deviceMs = inside.reduce((sum, piece) => sum + overlap(piece, part), 0)
  const callApp = calls[0]?.entry.context_data.applications[0]
  const reasons = [`Calendar: ${eventLabel(event)}`]
  let confidence: number
  if (callApp && callMs > 0) {
    confidence = 0.85
    reasons.push(`${callApp} in front ${Math.round(callMs / MINUTE)} min`)
  } else {
    confidence = 0.6
    reasons.push(`Sparse activity on this machine during the meeting (${Math.round(deviceMs / MINUTE)} min)`)
  }
  if (span.startMs > event.startMs) reasons.push(`The call started late: from ${clock(span.startMs)}`)
  if (span.endMs < event.endMs) reasons.push(`The call ended early: until ${clock(span.endMs)}`)
  if (classification) {
    confidence += classification.source === 'rule' ? 0.1 : 0.05
    reasons.push(classification.reason)
  }
  confidence = round2(Math.min(1, confidence))
  const applications = [...new Set(inside.flatMap((piece) => piece.entry.context_data.applications))]
  const signals = inside.reduce(
    (sum, piece) =>
      sum +
      Math.round(
        piece.entry.context_data.signal_count * (overlap(piece, part) / Math.max(1, piece.endMs - piece.startMs)),
      ),
    0,
  )
  return {
    startMs: part.startMs,
    endMs: part.endMs,
    entry: {
      ...entry,
      context_data: meetingContext(event, config, classification, 'meeting', {
        confidence,
        applications,
        reasons,
        fallbackNarrative: callApp ? `Call in ${callApp}` : 'Meeting',
        activeMinutes: round2(deviceMs / MINUTE),
        signalCount: signals,
      }),
    },
    verification:
      confidence >= config.verifyThreshold
        ? null
        : {
            confidence,
            reason: 'Low confidence',
            description: `Calendar meeting ${eventLabel(event)} UTC`,
            started_at: entry.started_at,
            ended_at: entry.ended_at,
          },
  }
}

/** The parts of a device entry outside the meeting's span (short leftovers are dropped). */
function trimAround(
  piece: Finished,
  span: Interval,
  event: CalendarEventInstance,
  config: CalendarJoinConfig,
): Finished[] {
  return subtract(piece, [span])
    .filter((part) => part.endMs - part.startMs >= config.minEntryMs)
    .map((part) => {
      const kept = (part.endMs - part.startMs) / Math.max(1, piece.endMs - piece.startMs)
      const context = piece.entry.context_data
      return {
        ...piece,
        startMs: part.startMs,
        endMs: part.endMs,
        entry: {
          ...piece.entry,
          started_at: formatIsoUtc(part.startMs),
          ended_at: formatIsoUtc(part.endMs),
          duration_minutes: round2((part.endMs - part.startMs) / MINUTE),
          context_data: {
            ...context,
            active_minutes: round2(context.active_minutes * kept),
            signal_count: Math.round(context.signal_count * kept),
            reasons: [...context.reasons, `Trimmed around the calendar meeting ${eventLabel(event)}`],
          },
        },
        verification: piece.verification
          ? { ...piece.verification, started_at: formatIsoUtc(part.startMs), ended_at: formatIsoUtc(part.endMs) }
          : null,
      }
    })
}

function flagWorkedThrough(piece: Finished, event: CalendarEventInstance, config: CalendarJoinConfig): Finished {
  const context = piece.entry.context_data
  const confidence = round2(Math.max(0, Math.min(context.confidence, config.verifyThreshold - 0.05)))
  const app = context.applications[0] ?? 'another app'
  const reason = `Calendar: ${eventLabel(event)} overlaps focused work in ${app}: worked through the meeting? Only this entry is suggested`
  return {
    ...piece,
    entry: {
      ...piece.entry,
      context_data: {
        ...context,
        confidence,
        reasons: [...context.reasons, reason],
        calendar: calendarContext('worked_through', event),
      },
    },
    verification: {
      confidence,
      reason: 'Worked through a calendar meeting',
      description: `Focused work in ${app} during the calendar meeting ${eventLabel(event)} UTC`,
      started_at: piece.entry.started_at,
      ended_at: piece.entry.ended_at,
    },
  }
}
