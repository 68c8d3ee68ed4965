// Import of a seed ingest request body (`{"activity_signals": [...]}`): every signal is checked on
// its own; good ones are stored (count 1, no title), bad ones are reported with their index.
import { z } from 'zod'
import { SeedSignal } from '../../shared/domain'
import type { Database } from '../store/database'
import { isoToTs, upsertSignals, type SignalRecord } from '../store/signals'

export const IngestBody = z.object({ activity_signals: z.array(z.unknown()) }).passthrough()

export interface ImportReport {
  imported: number
  rejected: number
  errors: { index: number; reason: string }[]
}

export function importIngestBody(db: Database, body: unknown): ImportReport {
  const parsed = IngestBody.safeParse(body)
  if (!parsed.success) throw new Error('input is not an ingest request body: expected {"activity_signals": [...]}')
  const good: SignalRecord[] = []
  const errors: ImportReport['errors'] = []
  parsed.data.activity_signals.forEach((raw, index) => {
    const signal = SeedSignal.safeParse(raw)
    if (!signal.success) {
      const reason = signal.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.map(String).join('.') || '(signal)'}: ${issue.message}`)
        .join('; ')
      errors.push({ index, reason })
      return
    }
    const { timestamp, app, type, source_type } = signal.data
    good.push({ ts: isoToTs(timestamp), app, type, source_type, count: 1, title: null })
  })
  upsertSignals(db, good)
  return { imported: good.length, rejected: errors.length, errors }
}
