// The BillOps contract's payloads as zod schemas. Requests are built exactly as the contract
// shows; responses are parsed leniently where a real FastAPI server may differ in form only
// (numeric ids, `+00:00` offsets, microseconds) and strictly where meaning is at stake.
import { z } from 'zod'
import { IsoUtc, SeedSignal } from '../../shared/domain'
import { SIGNAL_WIRE_NAMES } from '../../shared/signalRegistry'
import { isoSeconds } from '../../shared/isoTime'

/** Any ISO-8601 instant the server may send, normalized to the app's `…Z` seconds form. */
const ServerTime = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(s) &&
      !Number.isNaN(Date.parse(/[Zz]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`)),
    'expected an ISO-8601 timestamp',
  )
  .transform((s) => {
    // A naive timestamp from the server is UTC (the contract's timezone).
    const ms = Date.parse(/[Zz]|[+-]\d{2}:?\d{2}$/.test(s) ? s : `${s}Z`)
    return isoSeconds(ms)
  })

const ServerId = z.union([z.string().min(1), z.number().int()]).transform(String)

export const ServerEntryStatus = z.enum(['pending', 'approved', 'rejected'])

/** TimeEntryResponse; PATCH answers omit source/activity_type in the contract's example. */
export const ServerEntry = z.object({
  id: ServerId,
  started_at: ServerTime,
  ended_at: ServerTime,
  duration_minutes: z.number().min(0),
  status: ServerEntryStatus,
  source: z.string().nullish(),
  activity_type: z.string().nullish(),
  project_id: z.string().nullish(),
  client_id: z.string().nullish(),
  notes: z.string().nullish(),
  context_data: z.record(z.string(), z.unknown()).nullish(),
})
export type ServerEntry = z.infer<typeof ServerEntry>

/** pending-review and GET / answers; skip/limit are echoed by the paged version only. */
export const EntryPage = z.object({
  total: z.number().int().min(0),
  skip: z.number().int().optional(),
  limit: z.number().int().optional(),
  entries: z.array(ServerEntry),
})
export type EntryPage = z.infer<typeof EntryPage>

/** The evidence named by an attested signal (attestedSignals.ts): its app and its source_type. */
export const AttestedEvidence = z.enum(['calendar', 'manual'])
export type AttestedEvidence = z.infer<typeof AttestedEvidence>
export const ATTESTED_TYPE = 'attested'

/**
 * Approved time no device signal covers. The contract's signal names are open; this one can carry
 * nothing but a timestamp and the kind of evidence (never a title, an attendee or an app).
 */
export const AttestedSignal = z
  .object({ timestamp: IsoUtc, app: AttestedEvidence, type: z.literal(ATTESTED_TYPE), source_type: AttestedEvidence })
  .refine((signal) => signal.app === signal.source_type, 'an attested signal names its evidence as app and source_type')

/** A device signal as it leaves the machine: the seed's four fields, its type by its registry wire name. */
export const DeviceSignal = SeedSignal.extend({ type: z.enum(SIGNAL_WIRE_NAMES) })
export type DeviceSignal = z.infer<typeof DeviceSignal>

/** A signal as it leaves the machine: a device signal or an attested one. */
export const WireSignal = z.union([DeviceSignal, AttestedSignal])
export type WireSignal = z.infer<typeof WireSignal>

export const IngestRequest = z.object({
  activity_signals: z.array(WireSignal),
  idle_threshold_minutes: z.number().int().min(0),
  max_merge_idle_minutes: z.number().int().min(0),
})
export type IngestRequest = z.infer<typeof IngestRequest>

export const IngestAccepted = z.object({
  status: z.string(),
  task_id: z.string().min(1),
  message: z.string().optional(),
})
export type IngestAccepted = z.infer<typeof IngestAccepted>

export const Verification = z.looseObject({ confidence: z.number(), reason: z.string(), description: z.string() })

export const IngestResult = z.object({
  status: z.string(),
  message: z.string().optional(),
  suggested_count: z.number().int().min(0).optional(),
  created_count: z.number().int().min(0),
  created_ids: z.array(ServerId),
  verification_required: z.array(Verification).default([]),
})
export type IngestResult = z.infer<typeof IngestResult>

/** Celery's states; anything not final means "ask again later". */
export const TaskState = z.enum(['PENDING', 'RECEIVED', 'STARTED', 'RETRY', 'SUCCESS', 'FAILURE', 'REVOKED'])

export const TaskStatusBody = z.object({
  task_id: z.string(),
  status: TaskState,
  message: z.string().nullish(),
  result: z.unknown().optional(),
  error: z.unknown().optional(),
})

export type TaskStatus =
  | { state: 'running'; taskId: string }
  | { state: 'success'; taskId: string; result: IngestResult }
  | { state: 'failure'; taskId: string; error: string }

/** TimeEntryUpdate: only the keys present are changed on the server. */
export const EntryUpdate = z
  .object({
    status: ServerEntryStatus,
    notes: z.string().nullable(),
    project_id: z.string().nullable(),
    client_id: z.string().nullable(),
    activity_type: z.string(),
    started_at: z.string(),
    ended_at: z.string(),
    duration_minutes: z.number().min(0),
  })
  .partial()
export type EntryUpdate = z.infer<typeof EntryUpdate>

/** FastAPI's error body: a message, or a list of validation problems. */
export const ErrorBody = z.object({
  detail: z.union([
    z.string(),
    z.array(z.looseObject({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string() })),
    z.unknown(),
  ]),
})

export function errorDetail(body: unknown): string | null {
  const parsed = ErrorBody.safeParse(body)
  if (!parsed.success) return null
  const { detail } = parsed.data
  if (typeof detail === 'string') return detail
  if (Array.isArray(detail)) {
    return detail
      .map((d: { loc?: (string | number)[]; msg: string }) => `${(d.loc ?? []).join('.')}: ${d.msg}`)
      .join('; ')
  }
  return JSON.stringify(detail).slice(0, 200)
}
