// Settings → Import: the file arrives in bounded chunks (src/shared/contract/import.ts), each
// passed on as it arrives to an import worker (import/importWorkerClient.ts) that reads and
// judges it with the same code as `cli import` (an ActivityWatch export parsed as it streams in, a
// seed request read as before); the main thread, which also runs capture, only relays chunks and
// writes the judged signals in short transactions, the event loop turning between them.
// import.cancel terminates the worker.
import type { Handlers } from './dispatcher'
import { IMPORT_CHUNK_CHARS, type ImportSummary } from '../../shared/contract/import'
import { AppError } from '../base/appError'
import { errorMessage } from '../../shared/errorMessage'
import type { Clock } from '../base/clock'
import type { WritableDB } from '../store/database'
import type { SettingsStore } from '../store/settings'
import { ImportInputError, type ImportFormat, type ImportReport } from '../import/importSignals'
import { ImportInterruptedError } from '../import/importSteps'
import { ImportWorkerJob, type JudgedImport } from '../import/importWorkerClient'
import type { RecordList } from '../import/judgedRecords'
import { upsertSignals } from '../store/signals'
import { type WorkerFactory } from '../base/workerThread'

type ImportMethods = 'import.begin' | 'import.chunk' | 'import.finish' | 'import.cancel'

interface Session {
  id: string
  format: ImportFormat | 'auto'
  total: number
  received: number
  job: ImportWorkerJob
  /** import.finish was called: no more chunks; import.cancel still stops the worker */
  finishing: boolean
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

async function writeInSlices(db: WritableDB, records: RecordList): Promise<void> {
  for (let done = 0; done < records.length; done += WRITE_ROWS) {
    if (done > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    upsertSignals(db, records.slice(done, done + WRITE_ROWS))
  }
}

export function createImportHandlers(deps: {
  db: WritableDB
  clock: Clock
  settings: SettingsStore
  workerFactory: WorkerFactory
}): Pick<Handlers, ImportMethods> {
  // One import at a time: a window that starts a new one has given up on the old one.
  let session: Session | null = null
  let seq = 0
  const current = (id: string): Session => {
    if (!session || session.id !== id) throw new AppError('not_found', `no import ${id} in progress`)
    return session
  }
  return {
    'import.begin': ({ format, total_chars }) => {
      session?.job.cancel()
      const job = new ImportWorkerJob(deps.workerFactory, format, {
        settings: deps.settings.get(),
        nowMs: deps.clock.now(),
      })
      session = {
        id: `import-${deps.clock.now().toString(36)}-${++seq}`,
        format,
        total: total_chars,
        received: 0,
        job,
        finishing: false,
      }
      return { import_id: session.id, chunk_chars: IMPORT_CHUNK_CHARS }
    },
    'import.chunk': ({ import_id, offset, text }) => {
      const s = current(import_id)
      if (s.finishing) throw new AppError('conflict', `import ${import_id} is finishing`)
      if (offset !== s.received) throw new AppError('conflict', `chunk at ${offset}, expected ${s.received}`)
      if (s.received + text.length > s.total)
        throw new AppError('invalid_input', `more than the announced ${s.total} characters`)
      s.job.push(text)
      s.received += text.length
      return { received_chars: s.received }
    },
    'import.finish': async ({ import_id }) => {
      const s = current(import_id)
      if (s.received !== s.total) throw new AppError('conflict', `received ${s.received} of ${s.total} characters`)
      if (s.finishing) throw new AppError('conflict', `import ${import_id} is already finishing`)
      s.finishing = true
      let judged: JudgedImport
      try {
        judged = await s.job.finish()
      } catch (error) {
        if (error instanceof ImportInputError) throw new AppError('invalid_input', error.message)
        if (error instanceof ImportInterruptedError)
          throw new AppError('conflict', `import ${import_id} was cancelled; nothing was written`)
        // The worker failed or stopped (importWorkerClient.ts words it): nothing was written.
        throw new AppError('internal', errorMessage(error))
      } finally {
        if (session === s) session = null
      }
      await writeInSlices(deps.db, judged.records)
      return summary(judged.report)
    },
    'import.cancel': ({ import_id }) => {
      const cancelled = session?.id === import_id
      if (cancelled) {
        session?.job.cancel()
        session = null
      }
      return { cancelled }
    },
  }
}
