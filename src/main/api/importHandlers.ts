// Settings → Import: the file arrives in bounded chunks (src/shared/contract/imports.ts), is
// joined once complete and imported by the same code as `cli import` (src/main/export), in slices
// with the event loop turning between them (import/importSteps.ts). A big seed request is read
// in slices too, by the streaming byte reader (import/importSlicedText.ts); what it does not
// take cleanly (and any ActivityWatch export) is still read by one JSON.parse.
import type { Handlers } from './dispatcher'
import { IMPORT_CHUNK_CHARS, type ImportSummary } from '../../shared/contract/imports'
import { AppError } from '../base/appError'
import type { Clock } from '../base/clock'
import type { WritableDB } from '../store/database'
import type { SettingsStore } from '../store/settings'
import { ImportInputError, type ImportFormat, type ImportReport } from '../import/importSignals'
import { importTextSlicedSteps } from '../import/importSlicedText'
import { runStepsYielding } from '../import/importSteps'
import { upsertSignals, type SignalRecord } from '../store/signals'

type ImportMethods = 'imports.begin' | 'imports.chunk' | 'imports.finish' | 'imports.cancel'

interface Session {
  id: string
  format: ImportFormat | 'auto'
  total: number
  received: number
  parts: string[]
}

const summary = (report: ImportReport): ImportSummary => ({
  format: report.format,
  imported: report.imported,
  skipped: report.skipped,
  skipped_total: report.skipped_total,
  unknown_types: report.unknown_types,
  aliased_types: report.aliased_types,
  excluded: report.excluded,
  first_at: report.first_at,
  last_at: report.last_at,
})

/** Rows per write transaction: a few milliseconds each, the event loop turning between them. */
const WRITE_ROWS = 5000

async function writeInSlices(db: WritableDB, records: readonly SignalRecord[]): Promise<void> {
  for (let done = 0; done < records.length; done += WRITE_ROWS) {
    if (done > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    upsertSignals(db, records.slice(done, done + WRITE_ROWS))
  }
}

export function createImportHandlers(deps: { db: WritableDB; clock: Clock; settings: SettingsStore }): Pick<Handlers, ImportMethods> {
  // One import at a time: a window that starts a new one has given up on the old one.
  let session: Session | null = null
  let seq = 0
  const current = (id: string): Session => {
    if (!session || session.id !== id) throw new AppError('not_found', `no import ${id} in progress`)
    return session
  }
  return {
    'imports.begin': ({ format, total_chars }) => {
      session = { id: `import-${deps.clock.now().toString(36)}-${++seq}`, format, total: total_chars, received: 0, parts: [] }
      return { import_id: session.id, chunk_chars: IMPORT_CHUNK_CHARS }
    },
    'imports.chunk': ({ import_id, offset, text }) => {
      const s = current(import_id)
      if (offset !== s.received) throw new AppError('conflict', `chunk at ${offset}, expected ${s.received}`)
      if (s.received + text.length > s.total) throw new AppError('invalid_input', `more than the announced ${s.total} characters`)
      s.parts.push(text)
      s.received += text.length
      return { received_chars: s.received }
    },
    'imports.finish': async ({ import_id }) => {
      const s = current(import_id)
      if (s.received !== s.total) throw new AppError('conflict', `received ${s.received} of ${s.total} characters`)
      session = null
      const text = s.parts.join('')
      s.parts = []
      try {
        let usable: readonly SignalRecord[] = []
        const write = (records: readonly SignalRecord[]) => void (usable = records)
        const report = await runStepsYielding(importTextSlicedSteps(deps.db, text, s.format, { settings: deps.settings.get(), nowMs: deps.clock.now(), write }))
        await writeInSlices(deps.db, usable)
        return summary(report)
      } catch (error) {
        if (error instanceof ImportInputError) throw new AppError('invalid_input', error.message)
        throw error
      }
    },
    'imports.cancel': ({ import_id }) => {
      const cancelled = session?.id === import_id
      if (cancelled) session = null
      return { cancelled }
    },
  }
}
