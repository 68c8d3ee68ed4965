// The engine's inputs and outputs. Outputs use the seed's field names (task result + the
// pending-review entry shape) so the CLI can print them as they are.
import { z } from 'zod'
import type { ClassificationRule, Settings } from '../domain'
import type { Interval } from '../presence'
import type { MatterRef } from '../matters/recognize'

/** A project/client the user approved for work that looked like this (from approved entries). */
export const LearnedHint = z.object({
  app: z.string().min(1),
  activity_type: z.string().min(1),
  project_id: z.string().nullable(),
  client_id: z.string().nullable(),
  approvals: z.number().int().min(1),
})
export type LearnedHint = z.infer<typeof LearnedHint>

/** An activity code the user chose for work that looked like this (their corrections, #30). */
export const LearnedCodeHint = z.object({
  app: z.string().min(1),
  activity_type: z.string().min(1),
  activity_code: z.string().min(1),
  corrections: z.number().int().min(1),
})
export type LearnedCodeHint = z.infer<typeof LearnedCodeHint>

export const VerificationItem = z.object({
  confidence: z.number().min(0).max(1),
  reason: z.string(),
  description: z.string(),
  // Extra fields (#12; the contract's items are open objects): an item about an entry names it.
  /** index of the entry in the result's `entries` (batch results only) */
  entry_index: z.number().int().min(0).optional(),
  started_at: z.string().optional(),
  ended_at: z.string().optional(),
})
export type VerificationItem = z.infer<typeof VerificationItem>

export const SuggestedContext = z
  .object({
    confidence: z.number().min(0).max(1),
    applications: z.array(z.string()),
    primary_activity: z.string(),
    reasons: z.array(z.string()),
    narrative: z.string(),
    suggestion_source: z.enum(['rule', 'matter', 'learned', 'default']),
    suggestion_reason: z.string().optional(),
    active_minutes: z.number().min(0),
    idle_minutes_merged: z.number().min(0),
    signal_count: z.number().int().min(0),
    /** a mixed stretch (#12): every app and activity type with its share of active time */
    application_shares: z.array(z.object({ app: z.string(), share: z.number().min(0).max(1) })).optional(),
    activity_shares: z.array(z.object({ activity_type: z.string(), share: z.number().min(0).max(1) })).optional(),
    /** the matter found in the span's titles (#30): number, kind of evidence, whether sure */
    matter: z.object({ number: z.string(), evidence: z.string(), sure: z.boolean() }).optional(),
    /** the suggested UTBMS activity code and why (#30); the user's choice lives in entry_codes */
    utbms: z
      .object({ activity_code: z.string(), reason: z.string(), source: z.enum(['learned', 'default']) })
      .optional(),
  })
  .passthrough()
export type SuggestedContext = z.infer<typeof SuggestedContext>

export const SuggestedEntry = z.object({
  started_at: z.string(),
  ended_at: z.string(),
  duration_minutes: z.number().min(0),
  status: z.literal('pending'),
  source: z.literal('auto'),
  activity_type: z.string(),
  project_id: z.string().nullable(),
  client_id: z.string().nullable(),
  notes: z.null(),
  context_data: SuggestedContext,
})
export type SuggestedEntry = z.infer<typeof SuggestedEntry>

/** Informational extra field of the task result (#12): present only when something was read
 * liberally or counted once. Never affects `status` and never becomes a verification item. */
export interface SuggestionInfo {
  /** type names that are neither ours nor a known alias, with how many signals used them */
  unknown_signal_types?: Record<string, number>
  unknown_source_types?: Record<string, number>
  /** exact repeats (same timestamp, app, type, source) counted once */
  duplicate_signals?: number
  /** signals earlier than one before them in the request: used in time order (the seed requires no order) */
  out_of_order_signals?: number
}

export interface SuggestionResult {
  status: 'success' | 'partial_success'
  suggested_count: number
  verification_required: VerificationItem[]
  entries: SuggestedEntry[]
  info?: SuggestionInfo
}

export interface EngineConfig {
  idleThresholdMs: number
  /** longer threshold while a meeting app is in front: calls have little input */
  meetingIdleThresholdMs: number
  maxMergeMs: number
  verifyThreshold: number
  /** entries shorter than this are dropped (0 keeps single-signal moments, as the seed counts them) */
  minEntryMs: number
  meetingApps: readonly string[]
  excludedApps: readonly string[]
  aliases: Readonly<Record<string, string>>
  rules: readonly ClassificationRule[]
  learned: readonly LearnedHint[]
  /** the firm's matters (#30), found in titles to propose the project and client */
  matters?: readonly MatterRef[]
  /** the firm's matter-number pattern (regular expression source); default common forms */
  matterNumberPattern?: string
  /** activity codes learned from the user's corrections */
  learnedCodes?: readonly LearnedCodeHint[]
  /** signals later than this (plus a small tolerance) are rejected as far-future; none when absent */
  nowMs?: number
  /** calendar meetings the user attends: quiet stretches inside them stay in the activity (presence.ts) */
  attendedMeetings?: readonly Interval[]
}

const MINUTE = 60_000

export interface RequestThresholds {
  idle_threshold_minutes?: number | undefined
  max_merge_idle_minutes?: number | undefined
}

/** The request's thresholds override the settings' (the seed sends them per request). */
export function engineConfig(
  settings: Settings,
  request: RequestThresholds = {},
  extra: {
    learned?: readonly LearnedHint[]
    nowMs?: number
    minEntryMs?: number
    attendedMeetings?: readonly Interval[]
    matters?: readonly MatterRef[]
    learnedCodes?: readonly LearnedCodeHint[]
  } = {},
): EngineConfig {
  const idle = request.idle_threshold_minutes ?? settings.idle_threshold_minutes
  return {
    idleThresholdMs: idle * MINUTE,
    meetingIdleThresholdMs: Math.max(idle, settings.meeting_idle_threshold_minutes) * MINUTE,
    maxMergeMs: (request.max_merge_idle_minutes ?? settings.max_merge_idle_minutes) * MINUTE,
    verifyThreshold: settings.verify_confidence_threshold,
    minEntryMs: extra.minEntryMs ?? 0,
    meetingApps: settings.meeting_apps,
    excludedApps: settings.excluded_apps,
    aliases: settings.app_aliases,
    rules: settings.classification_rules,
    learned: extra.learned ?? [],
    ...(extra.matters === undefined ? {} : { matters: extra.matters }),
    ...(extra.learnedCodes === undefined ? {} : { learnedCodes: extra.learnedCodes }),
    ...(extra.nowMs === undefined ? {} : { nowMs: extra.nowMs }),
    ...(extra.attendedMeetings === undefined ? {} : { attendedMeetings: extra.attendedMeetings }),
  }
}
