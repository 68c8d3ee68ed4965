// `cli import`: signals from a seed ingest request body or an ActivityWatch export into the store.
// Keeps what is usable and reports the rest (src/main/import/importSignals.ts); `--strict` is the
// old all-or-nothing reading. stdout: one JSON report; exit 0 when anything was imported (or there
// was nothing to import), 1 when nothing usable was found, a strict import was rejected, or the
// input cannot be read at all.
//
// Input size: up to `jsonLimitBytes` the input is decoded once (UTF-8, after every chunk has
// arrived) and read with JSON.parse, which allows other tools' names and both formats. Bigger
// seed requests are read by the streaming byte reader that `cli suggest` uses
// (src/shared/heuristics/requestReader.ts: a file pulled in chunks, stdin fed to it chunk by chunk
// as it arrives, never whole in memory), which knows our own signal names only. Over `maxBytes`
// (or an ActivityWatch export over the JSON limit) the input is refused with a message saying so.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { parseIsoUtc } from '../../../shared/isoTime'
import { readIngestRequestFileChunks, readRequestChunks } from '../../import/ingestRequest'
import type { FastReadResult } from '../../../shared/heuristics/requestReader'
import {
  importTextSteps,
  ImportInputError,
  signalTableSteps,
  type ImportFormat,
  type ImportOptions,
  type ImportReport,
} from '../../import/importSignals'
import type { SignalRecord } from '../../store/signals'
import { writeResumable } from '../../import/resumableImport'
import { ImportInterruptedError, runStepsYielding, type Steps } from '../../import/importSteps'
import { closeDatabase, openDatabase, type WritableDB } from '../../store/database'
import { createSettingsStore } from '../../store/settings'
import { startProgress, type Progress } from '../progress'
import { EXIT_FAILURE, EXIT_INTERRUPTED, parseCommandArgs, requireOption, UsageError, type CliCommand, type CliIo } from '../command'

export interface ImportLimits {
  /** inputs up to this size are read with JSON.parse (any format, other tools' names) */
  jsonLimitBytes: number
  /** nothing bigger is read at all */
  maxBytes: number
  /** signals per transaction (tests: small, to stop between chunks) */
  chunkRows?: number
  /** bytes per read of a file over `jsonLimitBytes` (tests: small, to stop between reads) */
  readChunkBytes?: number
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = { jsonLimitBytes: 64 * 1024 * 1024, maxBytes: 256 * 1024 * 1024 }

const mb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`

const stdinTooBig = (maxBytes: number) => new ImportInputError(`stdin is over the ${mb(maxBytes)} import limit; split the export into smaller files`)

/** stdin as bytes, refusing (without reading on) once it passes `maxBytes`. */
async function readStdinBytes(io: CliIo, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of io.stdin()) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    total += bytes.length
    if (total > maxBytes) throw stdinTooBig(maxBytes)
    chunks.push(bytes)
  }
  return Buffer.concat(chunks, total)
}

/** Decodes UTF-8 once, over the whole input: a character split across chunks stays whole. */
const decodeUtf8 = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes)

/** `size` null: a stream, left unread once the reader declined (what it read is no size). */
function tooBigForJson(source: string, size: number | null, format: ImportFormat, limits: ImportLimits, declined?: string): ImportInputError {
  const is = size === null ? `${source} is over` : `${source} is ${mb(size)}, over`
  return format === 'activitywatch'
    ? new ImportInputError(`${source} is ${mb(size ?? 0)}: ActivityWatch exports are read whole, up to ${mb(limits.jsonLimitBytes)}; export a shorter period`)
    : new ImportInputError(
        `${is} the ${mb(limits.jsonLimitBytes)} read as general JSON, and not a plain seed request the streaming reader takes ({"activity_signals": [...]} with our signal names)${declined ? `: ${declined}` : ''}`,
      )
}

function importFast(db: WritableDB, fast: FastReadResult, source: string, size: number | null, options: ImportOptions, limits: ImportLimits): Steps<ImportReport> {
  if (!fast.request) throw tooBigForJson(source, size, 'seed', limits, fast.declined)
  return signalTableSteps(db, fast.request.table, options)
}

// The judging is done in steps (import/importSteps.ts), run with the event loop turning so Ctrl-C
// is seen while a big (or hostile) input is judged, not only while it is written. A file over the
// JSON limit is read in chunks with the event loop turning between them, and `shouldStop` asked
// after each: Ctrl-C is seen while it is read too.
async function importFile(
  db: WritableDB,
  path: string,
  format: ImportFormat,
  options: ImportOptions,
  limits: ImportLimits,
  progress: Progress,
  shouldStop: () => boolean,
): Promise<Steps<ImportReport>> {
  const size = statSync(path).size
  if (size > limits.maxBytes) throw new ImportInputError(`${path} is ${mb(size)}, over the ${mb(limits.maxBytes)} import limit; split it into smaller files`)
  if (size <= limits.jsonLimitBytes) return importTextSteps(db, decodeUtf8(readFileSync(path)), format, options)
  if (format !== 'seed') throw tooBigForJson(path, size, format, limits)
  const fast = await readIngestRequestFileChunks(path, {
    ...(limits.readChunkBytes === undefined ? {} : { chunkBytes: limits.readChunkBytes }),
    onChunk: (read) => {
      if (shouldStop()) throw new ImportInterruptedError()
      progress.update(read)
    },
  })
  return importFast(db, fast, path, size, options, limits)
}

/** What identifies an input across runs (store/importRuns.ts): a file by where it is, its size
 * and modification time. (stdin: by its content, hashed as it arrives.) */
function fileFingerprint(source: string): string {
  const stat = statSync(source)
  return `file:${realpathSync(source)}:${stat.size}:${stat.mtimeMs}`
}

/**
 * stdin as a file would be read: a seed request goes to the byte reader chunk by chunk as it
 * arrives, and the first `jsonLimitBytes` are kept too; when that is all there is, it is read
 * with JSON.parse like a small file. Hashed as it arrives (the resumable import's fingerprint).
 */
async function importStdin(db: WritableDB, io: CliIo, format: ImportFormat, options: ImportOptions, limits: ImportLimits, progress: Progress) {
  const hash = createHash('sha256')
  const fingerprint = () => `sha256:${hash.digest('hex')}`
  if (format !== 'seed') {
    const bytes = await readStdinBytes(io, limits.maxBytes)
    if (bytes.length > limits.jsonLimitBytes) throw tooBigForJson('stdin', bytes.length, format, limits)
    hash.update(bytes)
    return { steps: importTextSteps(db, decodeUtf8(bytes), format, options), fingerprint: fingerprint() }
  }
  const streamed = await readRequestChunks(io.stdin(), {
    keepBytes: limits.jsonLimitBytes,
    onChunk: (chunk, total) => {
      if (total > limits.maxBytes) throw stdinTooBig(limits.maxBytes)
      hash.update(chunk)
      progress.update(total)
    },
  })
  const steps = streamed.whole
    ? importTextSteps(db, decodeUtf8(streamed.whole), format, options)
    : importFast(db, streamed.fast, 'stdin', null, options, limits)
  return { steps, fingerprint: fingerprint() }
}

export function createImportCommand(limits: ImportLimits = DEFAULT_IMPORT_LIMITS): CliCommand {
  return {
    name: 'import',
    usage: 'import --db FILE --input FILE|- (- reads stdin) [--format seed|activitywatch (default: seed)] [--strict (all or nothing)] [--now ISO (default: now; far-future signals are judged against it)]',
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
      if (format !== 'seed' && format !== 'activitywatch') throw new UsageError('--format must be seed or activitywatch')
      // Far-future signals are judged against this instant; --now makes runs reproducible.
      const nowMs = values.now === undefined ? Date.now() : parseIsoUtc(values.now)
      if (Number.isNaN(nowMs)) throw new UsageError('--now must be UTC ISO-8601, e.g. 2024-01-24T18:00:00Z')

      if (source !== '-' && !existsSync(source)) throw new UsageError(`cannot read ${source}: no such file`)

      let interrupted = false
      void io.interrupted.then(() => (interrupted = true))
      const progress = startProgress(io, 'import: reading', 'bytes', source === '-' ? undefined : statSync(source).size)
      const db = openDatabase(dbPath)
      try {
        let report: ImportReport
        try {
          // Read and judged in full first (a strict import may refuse everything), written after.
          let usable: readonly SignalRecord[] = []
          const options: ImportOptions = {
            settings: createSettingsStore(db, Date.now).get(),
            nowMs,
            strict: values.strict === true,
            write: (records) => (usable = records),
          }
          const { steps, fingerprint } =
            source === '-'
              ? await importStdin(db, io, format, options, limits, progress)
              : { steps: await importFile(db, source, format, options, limits, progress, () => interrupted), fingerprint: fileFingerprint(source) }
          const read = await runStepsYielding(steps, { shouldStop: () => interrupted })
          progress.phase('import: writing', 'signals', usable.length)
          const written = await writeResumable(db, usable, {
            fingerprint,
            shouldStop: () => interrupted,
            onProgress: (done, total) => progress.update(done, total),
            ...(limits.chunkRows === undefined ? {} : { chunkRows: limits.chunkRows }),
          })
          report = read.rejected ? read : { ...read, imported: written.imported, resumed_from: written.resumedFrom, interrupted: written.interrupted }
          if (written.earlierRunDiffers) {
            const { done, total } = written.earlierRunDiffers
            io.stderr(`import: an earlier run of this input stopped after ${done} of ${total} signals, but it now yields ${usable.length} (settings changed?); all were written again, so the counts of those ${done} may be added twice\n`)
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
          io.stderr(`import: interrupted after ${done} signal(s) written; run the same import again to continue from there\n`)
          return EXIT_INTERRUPTED
        }
        if ((report.resumed_from ?? 0) > 0) io.stderr(`import: ${report.resumed_from} signal(s) were written by an earlier run of this input and were not written again\n`)
        if (report.skipped_total > 0) {
          const first = report.skipped[0]
          io.stderr(`skipped ${report.skipped_total} signal(s)${first ? `, first #${first.index}: ${first.reason}` : ''}\n`)
        }
        if (report.rejected) {
          io.stderr('strict: nothing imported (skipped signals or unknown type names; run without --strict to keep the usable ones)\n')
          return EXIT_FAILURE
        }
        return report.imported + (report.resumed_from ?? 0) > 0 || report.skipped_total === 0 ? 0 : EXIT_FAILURE
      } finally {
        closeDatabase(db)
      }
    },
  }
}

export const importCommand: CliCommand = createImportCommand()
