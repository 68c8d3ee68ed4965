// Import of signals recorded elsewhere (Settings → Import): a seed ingest request body or an
// ActivityWatch export, read in the renderer and sent in bounded chunks, so no single IPC message
// is large and the window can show progress. Main keeps what is usable and reports the rest, as
// `cli import` does (src/main/import/importSignals.ts).
import { z } from 'zod'
import { defineMethods } from './define'

/** Characters per `import.chunk` call: bounds every IPC message. */
export const IMPORT_CHUNK_CHARS = 256 * 1024
/** Characters one import may have in all (the CLI's JSON limit; bigger inputs: `cli import`). */
export const IMPORT_MAX_CHARS = 64 * 1024 * 1024

export const ImportFileFormat = z.enum(['auto', 'seed', 'activitywatch'])
export type ImportFileFormat = z.infer<typeof ImportFileFormat>

const ImportId = z.string().min(1).max(64)

export const ImportSummary = z.object({
  format: z.enum(['seed', 'activitywatch']),
  imported: z.number().int().min(0),
  /** the first skipped signals (at most 100), by index in the input */
  skipped: z.array(z.object({ index: z.number().int().min(0), reason: z.string() })).max(100),
  skipped_total: z.number().int().min(0),
  /** type names nobody maps: imported as input of their source, counted here */
  unknown_types: z.record(z.string(), z.number().int().min(0)),
  aliased_types: z.record(z.string(), z.number().int().min(0)),
  /** signals of excluded apps, not stored */
  excluded: z.number().int().min(0),
  first_at: z.string().nullable(),
  last_at: z.string().nullable(),
})
export type ImportSummary = z.infer<typeof ImportSummary>

export const importMethods = defineMethods({
  'import.begin': {
    input: z.object({ format: ImportFileFormat, total_chars: z.number().int().min(0).max(IMPORT_MAX_CHARS) }),
    output: z.object({ import_id: ImportId, chunk_chars: z.number().int().min(1) }),
    summary:
      'Start an import of a file of `total_chars` characters (one import at a time: a new one drops an unfinished one)',
  },
  'import.chunk': {
    input: z.object({ import_id: ImportId, offset: z.number().int().min(0), text: z.string().max(IMPORT_CHUNK_CHARS) }),
    output: z.object({ received_chars: z.number().int().min(0) }),
    summary: 'The next piece of the file, in order (`offset` = characters sent before it)',
  },
  'import.finish': {
    input: z.object({ import_id: ImportId }),
    output: ImportSummary,
    summary: 'Import the whole file: usable signals are stored, the rest reported',
  },
  'import.cancel': {
    input: z.object({ import_id: ImportId }),
    output: z.object({ cancelled: z.boolean() }),
    summary: 'Drop an unfinished import',
  },
})
