// The CLI's import write (#18): the usable signals go to the store in chunks, each in one
// transaction with how far this input got (store/importRuns.ts). Between two chunks the event loop
// runs, so Ctrl-C is seen there and the import stops with nothing half-written; importing the same
// input again resumes after the last chunk, and an input imported in full is not written twice
// (signal counts would double).
import type { WritableDB } from '../store/database'
import { readImportRun, saveImportRun } from '../store/importRuns'
import { upsertSignals } from '../store/signals'
import { inTransaction } from '../store/transaction'
import type { RecordList } from './judgedRecords'

export interface ResumableRun {
  /** what identifies the input: a file's path, size and time, or stdin's content hash */
  fingerprint: string
  shouldStop(): boolean
  onProgress(done: number, total: number): void
  chunkRows?: number
}

export interface ResumableResult {
  /** signals written by this run */
  imported: number
  /** signals an earlier run of the same input had written */
  resumedFrom: number
  interrupted: boolean
  /** an earlier run of this input stopped part-way, but the input now yields another number of
   * signals (settings such as exclusions changed): it is written from the start, and the
   * earlier run's signals may count twice; the caller says so */
  earlierRunDiffers?: { done: number; total: number }
}

const CHUNK_ROWS = 50_000
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function writeResumable(db: WritableDB, records: RecordList, run: ResumableRun): Promise<ResumableResult> {
  const total = records.length
  const previous = readImportRun(db, run.fingerprint)
  const resumedFrom = previous && previous.total === total ? previous.done : 0
  const earlierRunDiffers =
    previous && previous.total !== total && previous.done < previous.total ? { earlierRunDiffers: previous } : {}
  let done = resumedFrom
  run.onProgress(done, total)
  while (done < total) {
    await nextTurn()
    if (run.shouldStop()) return { imported: done - resumedFrom, resumedFrom, interrupted: true, ...earlierRunDiffers }
    const end = Math.min(total, done + (run.chunkRows ?? CHUNK_ROWS))
    inTransaction(db, () => {
      upsertSignals(db, records.slice(done, end))
      saveImportRun(db, run.fingerprint, { total, done: end }, new Date().toISOString())
    })
    done = end
    run.onProgress(done, total)
  }
  return { imported: done - resumedFrom, resumedFrom, interrupted: false, ...earlierRunDiffers }
}
