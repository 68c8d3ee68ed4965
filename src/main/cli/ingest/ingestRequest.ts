// Reads a seed ingest request from bytes: the fast byte reader when the input has the expected
// shape, JSON.parse + zod + the object decoder otherwise (which also yields the exact error).
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { decodeSignals } from '../../../shared/heuristics/decodeSignals'
import { parseIngestRequestBytes, parseIngestRequestStream, type FastIngestRequest } from './requestReader'
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
  const fast = parseIngestRequestFile(path)
  return fast ? fromFast(fast) : readGeneral(readFileSync(path))
}

/** The byte reader over a file, chunk by chunk; `onRead` hears the bytes read so far (progress).
 * Null when the file needs the general path. */
export function parseIngestRequestFile(path: string, onRead?: (bytes: number) => void): FastIngestRequest | null {
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
    return parseIngestRequestStream(source, fstatSync(fd).size)
  } finally {
    closeSync(fd)
  }
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
