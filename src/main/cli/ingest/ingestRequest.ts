// Reads a seed ingest request: the byte reader (requestReader.ts) when the input has the expected
// shape, JSON.parse + zod + the object decoder otherwise (which also yields the exact error).
// Every input goes through the same byte reader as it arrives: a file pulled in chunks, stdin or
// any other stream pushed chunk by chunk; neither is ever joined into one buffer to be parsed.
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { decodeSignals } from '../../../shared/heuristics/decodeSignals'
import { IngestRequestPush, parseIngestRequestBytes, readIngestRequestSource, type FastIngestRequest, type FastReadResult } from './requestReader'
import { IngestEnvelope, IngestThresholds } from '../../../shared/heuristics/request'
import type { SignalTable } from '../../../shared/heuristics/signalTable'
import { errorMessage } from '../../../shared/errorMessage'

export interface IngestRequest {
  table: SignalTable
  idle_threshold_minutes?: number | undefined
  max_merge_idle_minutes?: number | undefined
}

/** The input cannot be used at all (not JSON, not a request): one line saying why. */
export class IngestRequestError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'IngestRequestError'
  }
}

const issuesText = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(request)'}: ${issue.message}`)
    .join('; ')

export function readIngestRequest(bytes: Uint8Array): IngestRequest {
  const fast = parseIngestRequestBytes(bytes)
  return fast ? fromFast(fast) : readGeneral(bytes)
}

/** A request file, read in chunks (never whole in memory) unless it needs the general path. */
export function readIngestRequestFile(path: string): IngestRequest {
  const fast = readIngestRequestFileFast(path)
  return fast.request ? fromFast(fast.request) : readGeneral(readFileSync(path))
}

/** The byte reader over a file, chunk by chunk; `onRead` hears the bytes read so far (progress). */
export function readIngestRequestFileFast(path: string, onRead?: (bytes: number) => void): FastReadResult {
  const fd = openSync(path, 'r')
  let read = 0
  try {
    const source = {
      read: (into: Uint8Array, offset: number, length: number) => {
        const n = readSync(fd, into, offset, length, null)
        onRead?.((read += n))
        return n
      },
    }
    return readIngestRequestSource(source, fstatSync(fd).size)
  } finally {
    closeSync(fd)
  }
}

/** Up to this many bytes of a stream are also kept, so that a request the byte reader declines
 * (a shape it does not take, or not JSON) is read by the general path as a file's would be. */
export const STREAM_GENERAL_BYTES = 4 * 1024 * 1024

export interface StreamedRequest {
  /** the byte reader's answer */
  fast: FastReadResult
  /** every byte of the input when it was at most `keepBytes` long, else null */
  whole: Uint8Array | null
}

/**
 * A request arriving in chunks (stdin): each chunk goes to the byte reader as it arrives. The
 * first `keepBytes` are also kept (see STREAM_GENERAL_BYTES); past them, a declined read stops
 * reading at once. `onChunk` sees every chunk in order (a hash, a size limit: it may throw).
 */
export async function readRequestChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  options: { keepBytes: number; onChunk?: (chunk: Uint8Array, total: number) => void },
): Promise<StreamedRequest> {
  const reader = new IngestRequestPush()
  let kept: Uint8Array[] | null = []
  let total = 0
  let reading = true
  for await (const piece of chunks) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece
    total += chunk.length
    options.onChunk?.(chunk, total)
    if (kept && total > options.keepBytes) kept = null
    kept?.push(chunk)
    if (reading) reading = reader.push(chunk)
    if (!reading && !kept) break
  }
  return { fast: reader.end(), whole: kept ? Buffer.concat(kept, total) : null }
}

/** A request from stdin (or any stream) as a file's would be read; `name` goes into errors. */
export async function readIngestRequestChunks(chunks: AsyncIterable<Uint8Array | string>, name = 'stdin'): Promise<IngestRequest> {
  const read = await readRequestChunks(chunks, { keepBytes: STREAM_GENERAL_BYTES })
  if (read.fast.request) return fromFast(read.fast.request)
  if (read.whole) return readGeneral(read.whole)
  throw new IngestRequestError(
    `${name} is not a request the streaming reader takes (${read.fast.declined}); over ${STREAM_GENERAL_BYTES / (1024 * 1024)} MB it is not read a second time as general JSON: check the request, or pass it as a file (--input FILE)`,
  )
}

function fromFast(fast: FastIngestRequest): IngestRequest {
  const thresholds = IngestThresholds.safeParse(fast.thresholds)
  if (!thresholds.success) throw new IngestRequestError(`not an ingest request: ${issuesText(thresholds.error.issues)}`)
  return { table: fast.table, ...withoutNulls(thresholds.data) }
}

function readGeneral(bytes: Uint8Array): IngestRequest {
  let raw: unknown
  try {
    raw = JSON.parse(new TextDecoder('utf-8').decode(bytes))
  } catch (error) {
    // One line: JSON.parse quotes the input, which may hold newlines.
    const reason = errorMessage(error).replace(/\s+/g, ' ').slice(0, 200)
    throw new IngestRequestError(`input is not JSON: ${reason}`)
  }
  const envelope = IngestEnvelope.safeParse(raw)
  if (!envelope.success) throw new IngestRequestError(`not an ingest request: ${issuesText(envelope.error.issues)}`)
  const { activity_signals, ...thresholds } = envelope.data
  return { table: decodeSignals(activity_signals), ...withoutNulls(thresholds) }
}

function withoutNulls(t: { idle_threshold_minutes?: number | null; max_merge_idle_minutes?: number | null }) {
  return {
    idle_threshold_minutes: t.idle_threshold_minutes ?? undefined,
    max_merge_idle_minutes: t.max_merge_idle_minutes ?? undefined,
  }
}
