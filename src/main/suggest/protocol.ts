// Messages between the heuristics host (main thread) and its worker, validated with zod on
// both sides: a message that does not parse is answered with an error, never acted on.
import { z } from 'zod'
import { ClassificationRule, SignalType } from '../../shared/domain'
import { LearnedHint, SuggestedEntry, VerificationItem } from '../../shared/heuristics/types'
import { CalendarEventInstance } from '../../shared/calendar/types'

export const WireSignal = z.object({
  ts: z.number().finite(),
  app: z.string().min(1),
  type: SignalType,
  count: z.number().int().min(1),
  title: z.string().nullable(),
})
export type WireSignal = z.infer<typeof WireSignal>

export const WireConfig = z.object({
  idleThresholdMs: z.number().positive(),
  meetingIdleThresholdMs: z.number().positive(),
  maxMergeMs: z.number().min(0),
  verifyThreshold: z.number().min(0).max(1),
  minEntryMs: z.number().min(0),
  meetingApps: z.array(z.string()).readonly(),
  excludedApps: z.array(z.string()).readonly(),
  aliases: z.record(z.string(), z.string()).readonly(),
  rules: z.array(ClassificationRule).readonly(),
  learned: z.array(LearnedHint).readonly(),
  nowMs: z.number().optional(),
})

export const WireEntry = z.object({
  startMs: z.number(),
  endMs: z.number(),
  entry: SuggestedEntry,
  verification: VerificationItem.nullable(),
})
export type WireEntry = z.infer<typeof WireEntry>

const WireInterval = z.object({ startMs: z.number(), endMs: z.number() })

export const WireCalendarConfig = z.object({
  verifyThreshold: z.number().min(0).max(1),
  rules: z.array(ClassificationRule).readonly(),
  narrativeFromEvents: z.boolean(),
  minEntryMs: z.number().min(0),
  learnedDomains: z
    .array(z.object({ domain: z.string(), project_id: z.string().nullable(), client_id: z.string().nullable(), approvals: z.number().int().min(1) }))
    .readonly(),
})

export const WorkerRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reset'), id: z.number().int(), config: WireConfig }),
  z.object({ kind: z.literal('append'), id: z.number().int(), signals: z.array(WireSignal) }),
  z.object({ kind: z.literal('batch'), id: z.number().int(), config: WireConfig, groups: z.array(z.array(WireSignal)) }),
  z.object({
    kind: z.literal('calendar'),
    id: z.number().int(),
    config: WireCalendarConfig,
    events: z.array(CalendarEventInstance),
    entries: z.array(WireEntry),
    frozen: z.array(WireInterval),
  }),
])
export type WorkerRequest = z.infer<typeof WorkerRequest>


export const WorkerReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), id: z.number().int() }),
  z.object({ kind: z.literal('update'), id: z.number().int(), closed: z.array(WireEntry), open: z.array(WireEntry) }),
  z.object({ kind: z.literal('batch'), id: z.number().int(), groups: z.array(z.array(WireEntry)) }),
  z.object({ kind: z.literal('calendar'), id: z.number().int(), entries: z.array(WireEntry) }),
  z.object({
    kind: z.literal('error'),
    id: z.number().int(),
    code: z.enum(['invalid_message', 'not_configured', 'out_of_order', 'internal']),
    message: z.string(),
  }),
])
export type WorkerReply = z.infer<typeof WorkerReply>
