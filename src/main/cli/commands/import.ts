// `cli import`: signals from a seed ingest request body or an ActivityWatch export into the store.
// Keeps what is usable and reports the rest (src/main/import/importSignals.ts); `--strict` is the
// old all-or-nothing reading. stdout: one JSON report; exit 0 when anything was imported (or there
// was nothing to import), 1 when nothing usable was found, a strict import was rejected, or the
// input cannot be read at all.
//
// Reading and judging run in the import worker (import/importWorkerClient.ts), the input passed
// to it chunk by chunk as it is read, so Ctrl-C is seen at once: the worker is terminated and
// nothing is written. An ActivityWatch export (file or stdin, up to `maxBytes`) is parsed there
// as it streams in. A seed request up to `jsonLimitBytes` is read there as before (the byte
// reader when it takes it as written, else JSON.parse, which allows other tools' names); bigger
// seed requests are read by the streaming byte reader that `cli suggest` uses
// (src/shared/heuristics/requestReader.ts: a file pulled in chunks, stdin fed to it chunk by chunk
// as it arrives, never whole in memory), which knows our own signal names only. Over `maxBytes`
// the input is refused with a message saying so.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs'
import { parseIsoUtc } from '../../../shared/isoTime'
import { FILE_CHUNK_BYTES, readIngestRequestFileChunks, readRequestChunks } from '../../import/ingestRequest'
import type { FastReadResult } from '../../../shared/heuristics/requestReader'
import {
  ImportInputError,
  signalTableSteps,
  type ImportFormat,
  type ImportOptions,
  type ImportReport,
} from '../../import/importSignals'
import { writeResumable } from '../../import/resumableImport'
import { ImportWorkerJob, importWorkerFromSource } from '../../import/importWorkerClient'
import type { RecordList } from '../../import/judgedRecords'
import { ImportInterruptedError, runStepsYielding } from '../../import/importSteps'
import { startProgress, type Progress } from '../progress'
import {
  EXIT_FAILURE,
  EXIT_INTERRUPTED,
  parseCommandArgs,
  requireOption,
  UsageError,
  type CliCommand,
  type CliIo,
} from '../command'
import { withCore } from '../withCore'
import type { WorkerFactory } from '../../base/workerThread'

export interface ImportLimits {
  /** seed inputs up to this size are read as general JSON (other tools' names), in the worker */
  jsonLimitBytes: number
  /** nothing bigger is read at all */
  maxBytes: number
  /** signals per transaction (tests: small, to stop between chunks) */
  chunkRows?: number
  /** bytes per read of a file (tests: small, to stop between reads) */
  readChunkBytes?: number
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { jsonLimitBytes: 64 * 1024 * 1024, maxBytes: 256 * 1024 * 1024 }

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`

const stdinTooBig = (maxBytes: number) =>
  new ImportInputError(`stdin is over the ${mb(maxBytes)} import limit; split the export into smaller files`)

/** `size` null: a stream, left unread once the reader declined (what it read is no size). */
function tooBigForJson(source: string, size: number | null, limits: ImportLimits, declined?: string): ImportInputError {
  const is = size === null ? `${source} is over` : `${source} is ${mb(size)}, over`
  return new ImportInputError(
    `${is} the ${mb(limits.jsonLimitBytes)} read as general JSON, and not a plain seed request the streaming reader takes ({"activity_signals": [...]} with our signal names)${declined ? `: ${declined}` : ''}`,
  )
}

/** One run of the command: what every reading path needs. */
interface Run {
  format: ImportFormat
  options: ImportOptions
  limits: ImportLimits
  progress: Progress
  workerFactory: WorkerFactory
  /** Ctrl-C was pressed */
  interrupted: () => boolean
  /** resolves when Ctrl-C is pressed */
  stopped: Promise<void>
}

/** The input read and judged: the report, and the usable records to write. */
interface Judged {
  report: ImportReport
  records: RecordList
}

/** A big seed request read by the byte reader on this thread (in chunks), judged in steps with
 * the event loop turning, so Ctrl-C is seen throughout. */
async function judgeFast(run: Run, fast: FastReadResult, source: string, size: number | null): Promise<Judged> {
  if (!fast.request) throw tooBigForJson(source, size, run.limits, fast.declined)
  const written = { records: [] as RecordList }
  const report = await runStepsYielding(
    signalTableSteps(null, fast.request.table, {
      ...run.options,
      write: (records) => void (written.records = records),
    }),
    {
      shouldStop: run.interrupted,
    },
  )
  return { report, records: written.records }
}

const STOP = Symbol('stop')

/** `work`, unless Ctrl-C comes first (then ImportInterruptedError at once, whatever `work` waits for). */
async function untilStopped<T>(run: Run, work: Promise<T>): Promise<T> {
  work.catch(() => undefined) // when Ctrl-C wins, what `work` does after is no one's concern
  const first = await Promise.race([work, run.stopped.then(() => STOP)])
  if (first === STOP) throw new ImportInterruptedError()
  return first as T
}

/** The input fed chunk by chunk (`feed`) to an import worker, which reads and judges it; Ctrl-C
 * at any point terminates the worker. */
async function judgeInWorker(run: Run, feed: (push: (chunk: Uint8Array) => void) => Promise<void>): Promise<Judged> {
  const job = new ImportWorkerJob(run.workerFactory, run.format, run.options)
  try {
    const push = (chunk: Uint8Array) => {
      if (run.interrupted()) throw new ImportInterruptedError()
      job.push(chunk)
    }
    return await untilStopped(
      run,
      feed(push).then(() => job.finish()),
    )
  } finally {
    // Done, failed or interrupted: the worker is not needed any more (a no-op once it answered).
    job.cancel()
  }
}

/** A file: in the worker, read in chunks as they come, unless it is a seed request over the JSON
 * limit (the byte reader, judgeFast). */
async function importFile(run: Run, path: string): Promise<Judged> {
  const { limits, progress } = run
  const size = statSync(path).size
  if (size > limits.maxBytes)
    throw new ImportInputError(
      `${path} is ${mb(size)}, over the ${mb(limits.maxBytes)} import limit; split it into smaller files`,
    )
  const chunkBytes = limits.readChunkBytes === undefined ? {} : { chunkBytes: limits.readChunkBytes }
  if (run.format === 'activitywatch' || size <= limits.jsonLimitBytes) {
    return judgeInWorker(run, async (push) => {
      let read = 0
      for await (const chunk of createReadStream(path, { highWaterMark: limits.readChunkBytes ?? FILE_CHUNK_BYTES })) {
        push(chunk as Buffer)
        progress.update((read += (chunk as Buffer).length))
      }
    })
  }
  const fast = await readIngestRequestFileChunks(path, {
    ...chunkBytes,
    onChunk: (read) => {
      if (run.interrupted()) throw new ImportInterruptedError()
      progress.update(read)
    },
  })
  return judgeFast(run, fast, path, size)
}

/** What identifies an input across runs (store/importRuns.ts): a file by where it is, its size
 * and modification time. (stdin: by its content, hashed as it arrives.) */
function fileFingerprint(source: string): string {
  const stat = statSync(source)
  return `file:${realpathSync(source)}:${stat.size}:${stat.mtimeMs}`
}

/**
 * stdin as a file would be read. An ActivityWatch export goes to the worker chunk by chunk as it
 * arrives. A seed request goes to the byte reader chunk by chunk, and the first `jsonLimitBytes`
 * are kept too; when that is all there is, it is read in the worker like a small file. Hashed as
 * it arrives (the resumable import's fingerprint).
 */
async function importStdin(run: Run, io: CliIo): Promise<Judged & { fingerprint: string }> {
  const { limits, progress } = run
  const hash = createHash('sha256')
  const fingerprint = () => `sha256:${hash.digest('hex')}`
  const received = (chunk: Uint8Array, total: number) => {
    if (run.interrupted()) throw new ImportInterruptedError()
    if (total > limits.maxBytes) throw stdinTooBig(limits.maxBytes)
    hash.update(chunk)
    progress.update(total)
  }
  if (run.format === 'activitywatch') {
    const judged = await judgeInWorker(run, async (push) => {
      let total = 0
      for await (const piece of io.stdin()) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece
        received(chunk, (total += chunk.length))
        push(chunk)
      }
    })
    return { ...judged, fingerprint: fingerprint() }
  }
  // stdin may wait for input that never comes: Ctrl-C does not wait with it.
  const streamed = await untilStopped(
    run,
    readRequestChunks(io.stdin(), { keepBytes: limits.jsonLimitBytes, onChunk: received }),
  )
  const whole = streamed.whole
  const judged = whole
    ? await judgeInWorker(run, async (push) => {
        for (let offset = 0; offset < whole.length; offset += FILE_CHUNK_BYTES)
          push(whole.subarray(offset, offset + FILE_CHUNK_BYTES))
      })
    : await judgeFast(run, streamed.fast, 'stdin', null)
  return { ...judged, fingerprint: fingerprint() }
}

export function createImportCommand(limits: ImportLimits = DEFAULT_IMPORT_LIMITS): CliCommand {
  return {
    name: 'import',
    usage:
      'import --db FILE --input FILE|- (- reads stdin) [--format seed|activitywatch (default: seed)] [--strict (all or nothing)] [--now ISO (default: now; far-future signals are judged against it)]',
    async run(argv, io) {
      const values = parseCommandArgs(argv, {
        db: { type: 'string' },
        input: { type: 'string' },
        format: { type: 'string' },
        strict: { type: 'boolean' },
        now: { type: 'string' },
      })
      const dbPath = requireOption(values.db, 'db')
      const source = requireOption(values.input, 'input')
      const format = values.format ?? 'seed'
      if (format !== 'seed' && format !== 'activitywatch')
        throw new UsageError('--format must be seed or activitywatch')
      // Far-future signals are judged against this instant; --now makes runs reproducible.
      const nowMs = values.now === undefined ? Date.now() : parseIsoUtc(values.now)
      if (Number.isNaN(nowMs)) throw new UsageError('--now must be UTC ISO-8601, e.g. 2024-01-24T18:00:00Z')

      if (source !== '-' && !existsSync(source)) throw new UsageError(`cannot read ${source}: no such file`)

      let interrupted = false
      const stopped = io.interrupted.then(() => void (interrupted = true))
      const progress = startProgress(io, 'import: reading', 'bytes', source === '-' ? undefined : statSync(source).size)
      return withCore(io, { dbPath }, async (core) => {
        let report: ImportReport
        try {
          // Read and judged in full first (a strict import may refuse everything), written after.
          const run: Run = {
            format,
            options: { settings: core.settings.get(), nowMs, strict: values.strict === true },
            limits,
            progress,
            workerFactory: io.importWorkerFactory ?? importWorkerFromSource(),
            interrupted: () => interrupted,
            stopped,
          }
          const {
            report: read,
            records,
            fingerprint,
          } = source === '-'
            ? await importStdin(run, io)
            : { ...(await importFile(run, source)), fingerprint: fileFingerprint(source) }
          progress.phase('import: writing', 'signals', records.length)
          const written = await writeResumable(core.db, records, {
            fingerprint,
            shouldStop: () => interrupted,
            onProgress: (done, total) => progress.update(done, total),
            ...(limits.chunkRows === undefined ? {} : { chunkRows: limits.chunkRows }),
          })
          report = read.rejected
            ? read
            : {
                ...read,
                imported: written.imported,
                resumed_from: written.resumedFrom,
                interrupted: written.interrupted,
              }
          if (written.earlierRunDiffers) {
            const { done, total } = written.earlierRunDiffers
            io.stderr(
              `import: an earlier run of this input stopped after ${done} of ${total} signals, but it now yields ${records.length} (settings changed?); all were written again, so the counts of those ${done} may be added twice\n`,
            )
          }
        } catch (error) {
          if (error instanceof ImportInterruptedError) {
            io.stderr('import: interrupted while reading the input; nothing was written\n')
            return EXIT_INTERRUPTED
          }
          if (!(error instanceof ImportInputError)) throw error
          io.stderr(`error: ${error.message}\n`)
          return EXIT_FAILURE
        } finally {
          progress.finish()
        }
        io.stdout(`${JSON.stringify(report)}\n`)
        if (report.interrupted) {
          const done = (report.resumed_from ?? 0) + report.imported
          io.stderr(
            `import: interrupted after ${done} signal(s) written; run the same import again to continue from there\n`,
          )
          return EXIT_INTERRUPTED
        }
        if ((report.resumed_from ?? 0) > 0)
          io.stderr(
            `import: ${report.resumed_from} signal(s) were written by an earlier run of this input and were not written again\n`,
          )
        if (report.skipped_total > 0) {
          const first = report.skipped[0]
          io.stderr(
            `skipped ${report.skipped_total} signal(s)${first ? `, first #${first.index}: ${first.reason}` : ''}\n`,
          )
        }
        if (report.rejected) {
          io.stderr(
            'strict: nothing imported (skipped signals or unknown type names; run without --strict to keep the usable ones)\n',
          )
          return EXIT_FAILURE
        }
        return report.imported + (report.resumed_from ?? 0) > 0 || report.skipped_total === 0 ? 0 : EXIT_FAILURE
      })
    },
  }
}

export const importCommand: CliCommand = createImportCommand()
