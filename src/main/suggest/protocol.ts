// Messages between the heuristics host (main thread) and its worker, validated with zod on
// both sides: a message that does not parse is answered with an error, never acted on.
import { z } from 'zod'
import { ClassificationRule } from '../../shared/domain'
import { columnsProblem } from '../../shared/heuristics/signalColumns'
import { LearnedCodeHint, LearnedHint, SuggestedEntry, VerificationItem } from '../../shared/heuristics/types'
import { CalendarEventInstance } from '../../shared/calendar/types'
import { ExpandOutcome, ExpandRequest } from '../../shared/calendar/expander'

const WireInterval = z.object({ startMs: z.number(), endMs: z.number() })

/** The matter list the engine recognises (#30). */
const WireMatters = z
  .array(
    z.object({
      number: z.string(),
      name: z.string(),
      aliases: z.array(z.string()).readonly(),
      parties: z.array(z.string()).readonly(),
      domains: z.array(z.string()).readonly(),
      project_id: z.string().nullable(),
      client_id: z.string().nullable(),
    }),
  )
  .readonly()
  .optional()

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
  matters: WireMatters,
  matterNumberPattern: z.string().optional(),
  learnedCodes: z.array(LearnedCodeHint).readonly().optional(),
  nowMs: z.number().optional(),
  attendedMeetings: z.array(WireInterval).readonly().optional(),
})

/** Signals as typed columns (shared/heuristics/signalColumns.ts), checked value by value. */
export const WireSignals = z
  .object({
    length: z.number().int().min(0),
    ts: z.instanceof(Float64Array),
    app: z.instanceof(Int32Array),
    apps: z.array(z.string()),
    type: z.instanceof(Int8Array),
    count: z.instanceof(Uint32Array),
    title: z.instanceof(Int32Array),
    titles: z.array(z.string()),
  })
  .superRefine((columns, context) => {
    const problem = columnsProblem(columns)
    if (problem) context.addIssue({ code: 'custom', message: problem })
  })

export const WireEntry = z.object({
  startMs: z.number(),
  endMs: z.number(),
  entry: SuggestedEntry,
  verification: VerificationItem.nullable(),
})
export type WireEntry = z.infer<typeof WireEntry>

export const WireCalendarConfig = z.object({
  verifyThreshold: z.number().min(0).max(1),
  rules: z.array(ClassificationRule).readonly(),
  narrativeFromEvents: z.boolean(),
  minEntryMs: z.number().min(0),
  learnedDomains: z
    .array(
      z.object({
        domain: z.string(),
        project_id: z.string().nullable(),
        client_id: z.string().nullable(),
        approvals: z.number().int().min(1),
      }),
    )
    .readonly(),
  matters: WireMatters,
  matterNumberPattern: z.string().optional(),
})

export const WorkerRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reset'), id: z.number().int(), config: WireConfig }),
  z.object({
    kind: z.literal('append'),
    id: z.number().int(),
    signals: WireSignals,
    attendedMeetings: z.array(WireInterval).optional(),
  }),
  z.object({ kind: z.literal('batch'), id: z.number().int(), config: WireConfig, groups: z.array(WireSignals) }),
  z.object({
    kind: z.literal('calendar'),
    id: z.number().int(),
    config: WireCalendarConfig,
    events: z.array(CalendarEventInstance),
    entries: z.array(WireEntry),
    frozen: z.array(WireInterval),
  }),
  ExpandRequest.extend({ kind: z.literal('expand'), id: z.number().int() }),
])
export type WorkerRequest = z.infer<typeof WorkerRequest>

export const WorkerReply = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), id: z.number().int() }),
  z.object({ kind: z.literal('update'), id: z.number().int(), closed: z.array(WireEntry), open: z.array(WireEntry) }),
  z.object({ kind: z.literal('batch'), id: z.number().int(), groups: z.array(z.array(WireEntry)) }),
  z.object({ kind: z.literal('calendar'), id: z.number().int(), entries: z.array(WireEntry) }),
  z.object({ kind: z.literal('expand'), id: z.number().int(), result: ExpandOutcome }),
  z.object({
    kind: z.literal('error'),
    id: z.number().int(),
    code: z.enum(['invalid_message', 'not_configured', 'out_of_order', 'internal']),
    message: z.string(),
  }),
])
export type WorkerReply = z.infer<typeof WorkerReply>
