// Settings → Import of a big seed request without one long JSON.parse on the main thread: the
// text is UTF-8 encoded and pushed to the streaming byte reader (shared/heuristics/
// requestReader.ts) a slice at a time, with a step (importSteps.ts: the event loop may turn)
// after each slice. Its table is used only when every signal was read cleanly as written (our
// own names, no title cut, nothing the reader marks unusable): then the report and the stored
// signals are those of JSON.parse + the liberal reading (importSignals.ts), which gives the
// exact skip reasons and `aliased_types`. Anything else (other tools' names, a bad signal, a
// shape the reader does not take, an ActivityWatch export) is read by JSON.parse: one call that
// still blocks for as long as it takes on a big text.
import { IngestRequestPush } from '../../shared/heuristics/requestReader'
import { SignalProblem, type SignalTable } from '../../shared/heuristics/signalTable'
import type { WritableDB } from '../store/database'
import {
  importTextSteps,
  signalTableSteps,
  type ImportFormat,
  type ImportOptions,
  type ImportReport,
} from './importSignals'
import type { Steps } from './importSteps'

/** Texts up to this many characters are read with JSON.parse at once (well under 50 ms). */
export const SLICED_READ_CHARS = 4 * 1024 * 1024
/** Characters encoded and pushed to the byte reader per step (about a millisecond). */
export const SLICE_CHARS = 128 * 1024

/** An ActivityWatch export (`GET /api/0/export`) starts with its buckets. */
export const ACTIVITY_WATCH_HEAD = /^\s*\{\s*"buckets"\s*:/u

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff

/** UTF-8 slices of `text`, never cutting a surrogate pair (each slice is encoded on its own). */
function* utf8Slices(text: string, sliceChars: number): Generator<Uint8Array> {
  const encoder = new TextEncoder()
  for (let start = 0; start < text.length;) {
    let end = Math.min(text.length, start + sliceChars)
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--
    yield encoder.encode(text.slice(start, end))
    start = end
  }
}

const anyProblem = (table: SignalTable) => table.problem.some((problem) => problem !== SignalProblem.None)

/** JSON text of either format, in steps; a big seed request without one long JSON.parse. */
export function* importTextSlicedSteps(
  db: WritableDB | null,
  text: string,
  format: ImportFormat | 'auto',
  options: ImportOptions,
  limits: { slicedReadChars?: number; sliceChars?: number } = {},
): Steps<ImportReport> {
  const sliced =
    text.length > (limits.slicedReadChars ?? SLICED_READ_CHARS) &&
    (format === 'seed' || (format === 'auto' && !ACTIVITY_WATCH_HEAD.test(text.slice(0, 64))))
  if (!sliced) return yield* importTextSteps(db, text, format, options)
  const reader = new IngestRequestPush(text.length)
  for (const slice of utf8Slices(text, limits.sliceChars ?? SLICE_CHARS)) {
    const reading = reader.push(slice)
    yield
    if (!reading) break
  }
  const read = reader.end()
  if (read.request?.asWritten && !anyProblem(read.request.table))
    return yield* signalTableSteps(db, read.request.table, options)
  return yield* importTextSteps(db, text, format, options)
}
