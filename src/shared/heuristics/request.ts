// The seed's ingest request `{activity_signals, idle_threshold_minutes, max_merge_idle_minutes}`:
// the envelope is validated with zod; the signals themselves are validated one by one by the
// decoders so one bad signal costs a verification item, not the whole request.
import { z } from 'zod'

export const IngestEnvelope = z.object({
  activity_signals: z.array(z.unknown()),
  idle_threshold_minutes: z
    .number()
    .positive()
    .max(24 * 60)
    .nullish(),
  max_merge_idle_minutes: z
    .number()
    .min(0)
    .max(24 * 60)
    .nullish(),
})
export type IngestEnvelope = z.infer<typeof IngestEnvelope>

/** Thresholds only (what the fast byte parser extracts besides the signal table). */
export const IngestThresholds = IngestEnvelope.omit({ activity_signals: true })
