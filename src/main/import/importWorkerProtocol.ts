// Messages between an import and its worker thread (importWorker.ts, importWorkerClient.ts),
// checked with zod on both sides.
import { z } from 'zod'
import { Settings } from '../../shared/domain'
import { PackedRecords } from './judgedRecords'
import type { ImportReport } from './importSignals'

export const ToImportWorker = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('begin'),
    format: z.enum(['seed', 'activitywatch', 'auto']),
    settings: Settings,
    nowMs: z.number(),
    strict: z.boolean(),
  }),
  z.object({
    kind: z.literal('chunk'),
    chunk: z.union([z.string(), z.custom<Uint8Array>((value) => value instanceof Uint8Array)]),
  }),
  z.object({ kind: z.literal('end') }),
])
export type ToImportWorker = z.infer<typeof ToImportWorker>

export const FromImportWorker = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('done'),
    // built by the worker from the same code (importSignals.ts): checked for shape only
    report: z.custom<ImportReport>(
      (value) => typeof value === 'object' && value !== null && 'format' in value && 'skipped_total' in value,
    ),
    records: PackedRecords,
    /** epoch ms (performance.timeOrigin + now) when the worker posted the answer: the hand-over */
    postedAt: z.number(),
  }),
  /** `input`: the input cannot be imported (ImportInputError); else the worker itself failed */
  z.object({ kind: z.literal('failed'), input: z.boolean(), message: z.string() }),
])
export type FromImportWorker = z.infer<typeof FromImportWorker>
