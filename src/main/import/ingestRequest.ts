// Reads a seed ingest request: the byte reader (requestReader.ts) when the input has the expected
// shape, JSON.parse + zod + the object decoder otherwise (which also yields the exact error).
// Every input goes through the same byte reader as it arrives: a file, or stdin read from its
// descriptor, pulled in chunks; stdin or any other stream as a stream pushed chunk by chunk; none
// is ever joined into one buffer to be parsed.
import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { decodeSignals } from '../../shared/heuristics/decodeSignals'
import {
  IngestRequestPush,
  parseIngestRequestBytes,
  readIngestRequestSource,
  readIngestRequestUnsized,
  type ByteSource,
  type FastIngestRequest,
  type FastReadResult,
} from '../../shared/heuristics/requestReader'
import { IngestEnvelope, IngestThresholds } from '../../shared/heuristics/request'
import type { SignalTable } from '../../shared/heuristics/signalTable'
import { errorMessage } from '../../shared/errorMessage'

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

/** The byte reader over a file, chunk by chunk (synchronously: `cli suggest` has nothing else to do). */
export function readIngestRequestFileFast(path: string): FastReadResult {
  const fd = openSync(path, 'r')
  try {
    const source = {
      read: (into: Uint8Array, offset: number, length: number) => readSync(fd, into, offset, length, null),
    }
    return readIngestRequestSource(source, fstatSync(fd).size)
  } finally {
    closeSync(fd)
  }
}

/** Bytes per read of `readIngestRequestFileChunks`: the push reader's own buffer size. */
export const FILE_CHUNK_BYTES = 1 << 20

/**
 * The byte reader over a file read asynchronously in chunks (the push reader, as stdin), so the
 * event loop turns between two chunks: a caller that watches for Ctrl-C sees it while the file
 * is read, not only after. `onChunk` hears the bytes read so far (progress) and may throw to
 * stop reading (the file is then closed, nothing more is read).
 */
export async function readIngestRequestFileChunks(
  path: string,
  options: { chunkBytes?: number; onChunk?: (bytesRead: number) => void } = {},
): Promise<FastReadResult> {
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? FILE_CHUNK_BYTES })
  try {
    const read = await readRequestChunks(stream, {
      keepBytes: 0,
      sizeHint: statSync(path).size,
      onChunk: (_chunk, total) => options.onChunk?.(total),
    })
    return read.fast
  } finally {
    stream.destroy()
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
  options: { keepBytes: number; sizeHint?: number; onChunk?: (chunk: Uint8Array, total: number) => void },
): Promise<StreamedRequest> {
  const reader = new IngestRequestPush(options.sizeHint)
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

/** A descriptor opened non-blocking has nothing yet (EAGAIN): wait this long, then read again. */
const WAIT_FOR_BYTES_MS = 2
/** Bytes read at a time once the byte reader has declined (see readRequestDescriptor). */
const DESCRIPTOR_REST_BYTES = 1 << 20

/**
 * The same, from a descriptor read synchronously (stdin when it is a pipe or a file: `suggest`,
 * which has nothing else to do meanwhile), pulled by the byte reader as a file is, into its own
 * buffer (a stream hands each 64 KB over in a fresh buffer through the event loop, to be copied
 * into the reader's). The first `keepBytes` are also kept, as for a stream.
 */
function readRequestDescriptor(fd: number, options: { keepBytes: number }): StreamedRequest {
  const pause = new Int32Array(new SharedArrayBuffer(4))
  const readSome = (into: Uint8Array, offset: number, length: number): number => {
    for (;;) {
      try {
        return readSync(fd, into, offset, length, null)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
        Atomics.wait(pause, 0, 0, WAIT_FOR_BYTES_MS)
      }
    }
  }
  let kept: Uint8Array[] | null = []
  let total = 0
  const keep = (bytes: Uint8Array) => {
    total += bytes.length
    if (kept && total > options.keepBytes) kept = null
    kept?.push(bytes.slice())
  }
  const source: ByteSource = {
    // A pipe gives at most what it holds per read (64 KB on Linux): the reader reads that at once,
    // while the writer fills the pipe again.
    read(into, offset, length) {
      const n = readSome(into, offset, length)
      keep(into.subarray(offset, offset + n))
      return n
    },
  }
  // a file given as stdin (`< FILE`) has a size to make the table for; a pipe has none
  const stat = fstatSync(fd)
  const fast = stat.isFile() ? readIngestRequestSource(source, stat.size) : readIngestRequestUnsized(source)
  // declined early: the rest, if the whole input may still be small enough for the general path
  if (fast.declined !== null) {
    const rest = new Uint8Array(DESCRIPTOR_REST_BYTES)
    while (kept) {
      const n = readSome(rest, 0, rest.length)
      if (n === 0) break
      keep(rest.subarray(0, n))
    }
  }
  return { fast, whole: kept ? Buffer.concat(kept, total) : null }
}

/** A request from stdin (or any stream) as a file's would be read; `name` goes into errors. */
export async function readIngestRequestChunks(
  chunks: AsyncIterable<Uint8Array | string>,
  name = 'stdin',
): Promise<IngestRequest> {
  return fromStreamed(await readRequestChunks(chunks, { keepBytes: STREAM_GENERAL_BYTES }), name)
}

/** A request from a descriptor (stdin as a pipe or file), read synchronously; `name` goes into errors. */
export function readIngestRequestDescriptor(fd: number, name = 'stdin'): IngestRequest {
  return fromStreamed(readRequestDescriptor(fd, { keepBytes: STREAM_GENERAL_BYTES }), name)
}

function fromStreamed(read: StreamedRequest, name: string): IngestRequest {
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
