// Fast, exact parsing of the contract's timestamp format (UTC ISO-8601 ending in `Z`, optional
// milliseconds). Written by hand because a million Date.parse calls cost more than the whole
// engine; it accepts exactly what `IsoUtc` in ../domain accepts and returns NaN otherwise.

const CHAR_0 = 48

function daysFromCivil(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil: proleptic Gregorian calendar, no Date object needed.
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** Checks the calendar fields and combines them; -1 components mark non-digits. */
function combine(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
): number {
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return Number.NaN
  }
  if (second < 0 || second > 59 || millis < 0) return Number.NaN
  const monthDays = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number)
  if (day > monthDays) return Number.NaN
  return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis
}

// The two readers below are the same code over a string and over bytes, kept apart (rather than
// sharing an accessor callback) because the callback version was 5x slower on a million calls
// (and under tsx every closure created per call also pays for esbuild's keepNames helper).

const d1 = (c: number) => (c >= 48 && c <= 57 ? c - CHAR_0 : -1000)
const two = (a: number, b: number) => {
  const v = d1(a) * 10 + d1(b)
  return v < 0 ? -1 : v
}

/** Epoch milliseconds of an IsoUtc string, or NaN when it is not one. */
export function parseIsoUtc(text: string): number {
  const length = text.length
  if (length !== 20 && (length < 22 || length > 24)) return Number.NaN
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84) return Number.NaN
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58 || text.charCodeAt(length - 1) !== 90) return Number.NaN
  const yHigh = two(text.charCodeAt(0), text.charCodeAt(1))
  const yLow = two(text.charCodeAt(2), text.charCodeAt(3))
  let millis = 0
  if (length > 20) {
    if (text.charCodeAt(19) !== 46) return Number.NaN
    for (let i = 20; i < length - 1; i++) millis = millis * 10 + d1(text.charCodeAt(i))
    millis *= length === 22 ? 100 : length === 23 ? 10 : 1
  }
  return combine(
    yHigh < 0 || yLow < 0 ? -1 : yHigh * 100 + yLow,
    two(text.charCodeAt(5), text.charCodeAt(6)),
    two(text.charCodeAt(8), text.charCodeAt(9)),
    two(text.charCodeAt(11), text.charCodeAt(12)),
    two(text.charCodeAt(14), text.charCodeAt(15)),
    two(text.charCodeAt(17), text.charCodeAt(18)),
    millis,
  )
}

/** Same as parseIsoUtc over bytes [start, end) of a UTF-8 buffer (no string is created). */
export function parseIsoUtcBytes(b: Uint8Array, start: number, end: number): number {
  const length = end - start
  if (length !== 20 && (length < 22 || length > 24)) return Number.NaN
  const o = start
  if (b[o + 4] !== 45 || b[o + 7] !== 45 || b[o + 10] !== 84) return Number.NaN
  if (b[o + 13] !== 58 || b[o + 16] !== 58 || b[end - 1] !== 90) return Number.NaN
  const yHigh = two(b[o + 0] as number, b[o + 1] as number)
  const yLow = two(b[o + 2] as number, b[o + 3] as number)
  let millis = 0
  if (length > 20) {
    if ((b[o + 19] as number) !== 46) return Number.NaN
    for (let i = 20; i < length - 1; i++) millis = millis * 10 + d1(b[o + i] as number)
    millis *= length === 22 ? 100 : length === 23 ? 10 : 1
  }
  return combine(
    yHigh < 0 || yLow < 0 ? -1 : yHigh * 100 + yLow,
    two(b[o + 5] as number, b[o + 6] as number),
    two(b[o + 8] as number, b[o + 9] as number),
    two(b[o + 11] as number, b[o + 12] as number),
    two(b[o + 14] as number, b[o + 15] as number),
    two(b[o + 17] as number, b[o + 18] as number),
    millis,
  )
}

/** The contract's format at whole seconds (`2026-03-02T09:00:00Z`): what entries and signals store. */
export function isoSeconds(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`
}

/** The contract's format: seconds precision unless milliseconds are present. */
export function formatIsoUtc(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso
}

/** The contract's format at whole seconds, from epoch seconds (how signals are stored). */
export const isoFromEpochSeconds = (seconds: number): string => isoSeconds(seconds * 1000)

/** A time safe in a file name, sorting as it reads (`2026-03-02T09-00-00-000Z`). */
export const fileStamp = (ms: number): string => new Date(ms).toISOString().replace(/[:.]/g, '-')
