// The main thread's side of an import worker (importWorker.ts): chunks go to it as they arrive,
// the answer comes back as columns (judgedRecords.ts) that are turned into rows a write slice at
// a time. Nothing on this side grows with the input but the copy of one chunk. `cancel`
// terminates the worker; a worker that fails or stops gives a clear error, and nothing is written
// (writing is the caller's, after a good answer).
import { join } from 'node:path'
import { tsxWorkerFactory, type WorkerFactory, type WorkerThread } from '../base/workerThread'
import { ImportInterruptedError } from './importSteps'
import { ImportInputError, type ImportFormat, type ImportReport } from './importSignals'
import { PackedRecordList, type RecordList } from './judgedRecords'
import { FromImportWorker, type ToImportWorker } from './importWorkerProtocol'
import type { JudgeOptions } from './importJudge'

/** The worker's TypeScript source, for tsx (resolved lazily: bundles may not define __dirname). */
export const importWorkerSourcePath = (): string => join(__dirname, 'importWorker.ts')

/** Starts the worker from its TypeScript source (tests, `npm run cli` from the sources). The path
 * is resolved only when a worker starts: the built bundles pass their own factory and have no __dirname. */
export const importWorkerFromSource = (): WorkerFactory => () => tsxWorkerFactory(importWorkerSourcePath())()

export interface JudgedImport {
  report: ImportReport
  records: RecordList
  /** ms from the worker posting its answer to the main thread holding it, checked */
  handoverMs: number
}

export class ImportWorkerJob {
  private readonly worker: WorkerThread
  private readonly answer: Promise<JudgedImport>
  private settle: { resolve: (value: JudgedImport) => void; reject: (error: Error) => void } | null = null
  private done = false

  constructor(factory: WorkerFactory, format: ImportFormat | 'auto', options: JudgeOptions) {
    this.answer = new Promise<JudgedImport>((resolve, reject) => (this.settle = { resolve, reject }))
    // A failure before anyone awaits the answer must not count as an unhandled rejection.
    this.answer.catch(() => undefined)
    this.worker = factory()
    this.worker.on('message', (raw) => this.received(raw))
    this.worker.on('error', (error) =>
      this.fail(new Error(`the import worker failed: ${error.message}; nothing was written`)),
    )
    this.worker.on('exit', (code) =>
      this.fail(new Error(`the import worker stopped (exit code ${code}) before it finished; nothing was written`)),
    )
    this.send({
      kind: 'begin',
      format,
      settings: options.settings,
      nowMs: options.nowMs,
      strict: options.strict === true,
    })
  }

  /** The next chunk of the input (copied to the worker). */
  push(chunk: Uint8Array | string): void {
    if (this.done) return
    // A view is cloned with its whole buffer (a stream's pool, a larger buffer): send only its bytes.
    const own =
      typeof chunk === 'string' || (chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength)
        ? chunk
        : new Uint8Array(chunk)
    this.send({ kind: 'chunk', chunk: own })
  }

  /** After the last chunk: the judged import. */
  finish(): Promise<JudgedImport> {
    if (!this.done) this.send({ kind: 'end' })
    return this.answer
  }

  /** Stops the worker; a pending `finish` rejects with ImportInterruptedError. */
  cancel(): void {
    this.fail(new ImportInterruptedError())
  }

  private send(message: ToImportWorker): void {
    this.worker.postMessage(message)
  }

  private received(raw: unknown): void {
    const parsed = FromImportWorker.safeParse(raw)
    if (!parsed.success)
      return this.fail(new Error('the import worker sent an answer that is not one; nothing was written'))
    const message = parsed.data
    if (message.kind === 'failed')
      return this.fail(
        message.input
          ? new ImportInputError(message.message)
          : new Error(`the import worker failed: ${message.message}; nothing was written`),
      )
    const judged = {
      report: message.report,
      records: new PackedRecordList(message.records),
      handoverMs: performance.timeOrigin + performance.now() - message.postedAt,
    }
    this.end()
    this.settle?.resolve(judged)
  }

  private fail(error: Error): void {
    if (this.done) return
    this.end()
    this.settle?.reject(error)
  }

  private end(): void {
    this.done = true
    void this.worker.terminate()
  }
}
