// Calendar days in the user's time zone without a date library: Intl tells the zone's offset at
// an instant, and a day starts where local midnight falls, so days across DST are 23 or 25 hours.

/** A calendar day, `YYYY-MM-DD`. */
export type DayKey = string

const formatters = new Map<string, Intl.DateTimeFormat>()
const offsetCache = new Map<string, Map<number, number>>()
/** Zones change offset on quarter hours (UTC): one lookup per 15 minutes is exact and cheap. */
const BUCKET_MS = 15 * 60_000

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatter(timeZone)
  } catch {
    throw new RangeError(`unknown time zone: ${timeZone}`)
  }
}

/** Local time minus UTC at `ms`, in ms (e.g. +3,600,000 for Berlin in winter). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  let cache = offsetCache.get(timeZone)
  if (!cache) offsetCache.set(timeZone, (cache = new Map()))
  const bucket = Math.floor(ms / BUCKET_MS)
  const hit = cache.get(bucket)
  if (hit !== undefined) return hit
  const at = bucket * BUCKET_MS
  const parts: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value)
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  const offset = local - at
  cache.set(bucket, offset)
  return offset
}

export function dayKeyOf(ms: number, timeZone: string): DayKey {
  return localDayAt(ms, timeZone).day
}

export const isDayKey = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  // month 13 is an invalid Date (toISOString would throw); 02-30 rolls over to March
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
}

export function addDays(day: DayKey, n: number): DayKey {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10)
}

/** The Monday of the week `day` falls in (weeks start on Monday, as the Reports view's). */
export function weekStart(day: DayKey): DayKey {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return addDays(day, -((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7))
}

/** The instant local midnight begins `day` (UTC ms). */
export function dayStartMs(day: DayKey, timeZone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(y, m - 1, d)
  // Two rounds settle on the offset in force at midnight itself (it may differ from the guess's).
  let t = wall - zoneOffsetMs(wall, timeZone)
  t = wall - zoneOffsetMs(t, timeZone)
  return t
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: DayKey, to: DayKey): DayKey[] {
  const days: DayKey[] = []
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day)
  return days
}

export interface DayBounds {
  day: DayKey
  /** local midnight, UTC ms */
  start: number
  /** the next local midnight */
  end: number
}

const boundsCache = new Map<string, Map<DayKey, DayBounds>>()

/** Where a local day starts and ends, computed once per zone and day (a year is ~730 Intl calls, not one per entry). */
function boundsOf(day: DayKey, timeZone: string): DayBounds {
  let cache = boundsCache.get(timeZone)
  if (!cache) boundsCache.set(timeZone, (cache = new Map()))
  let bounds = cache.get(day)
  if (!bounds)
    cache.set(day, (bounds = { day, start: dayStartMs(day, timeZone), end: dayStartMs(addDays(day, 1), timeZone) }))
  return bounds
}

const lastDay = new Map<string, DayBounds>()

/** The local day an instant falls in: start from its UTC day and step to the neighbour that holds it. */
export function localDayAt(ms: number, timeZone: string): DayBounds {
  // entries arrive in time order: most fall in the same day as the one before
  const last = lastDay.get(timeZone)
  if (last && ms >= last.start && ms < last.end) return last
  let bounds = boundsOf(new Date(ms).toISOString().slice(0, 10), timeZone)
  while (ms < bounds.start) bounds = boundsOf(addDays(bounds.day, -1), timeZone)
  while (ms >= bounds.end) bounds = boundsOf(addDays(bounds.day, 1), timeZone)
  lastDay.set(timeZone, bounds)
  return bounds
}

export interface DayPiece {
  day: DayKey
  seconds: number
}

/** A span cut at local midnights: an entry from 23:30 to 00:30 is half an hour on each day. */
export function splitByDay(startMs: number, endMs: number, timeZone: string): DayPiece[] {
  let bounds = localDayAt(startMs, timeZone)
  if (endMs <= bounds.end) return [{ day: bounds.day, seconds: (endMs - startMs) / 1000 }]
  const pieces: DayPiece[] = []
  let at = startMs
  while (at < endMs) {
    const until = Math.min(bounds.end, endMs)
    if (until > at) pieces.push({ day: bounds.day, seconds: (until - at) / 1000 })
    at = until
    bounds = boundsOf(addDays(bounds.day, 1), timeZone)
  }
  return pieces
}
