// An ActivityWatch export (`GET /api/0/export`: `{"buckets": {id: {type, hostname, events}}}`)
// read as our signals, so someone switching from ActivityWatch gets suggestions for their history.
//
// ActivityWatch records states with durations; we record moments. The mapping, per host:
// - `afkstatus` events split time into not-afk (the user at the machine) and afk periods. The
//   afk watcher starts an afk period at the last input it saw, so a not-afk period ends there.
// - Inside every not-afk period one input signal (`keyboard`, the generic input of signalNames:
//   ActivityWatch does not say keyboard or mouse) every AW_INPUT_INTERVAL_SECONDS, plus one at
//   the period's end. The interval is well under the shortest idle threshold (1 min) — so the
//   engine sees continuous activity exactly as long as ActivityWatch saw the user active — and
//   costs 60 rows per active hour. Each input is credited to the window in front at that moment.
// - `currentwindow` events: an `app_focus` (with the window title) where each window event meets
//   a not-afk period: at the event's start, or at the user's return when the window was already in
//   front. Windows in front while the user was away do not become activity.
// - `idle_start` at each afk period's start and `idle_end` at its end (app `system`, as capture
//   records them). Like capture's markers they are facts that decide nothing (#23): the presence
//   model (src/shared/presence.ts) judges the stretch without input, so afk in a meeting-app window
//   or inside an attended calendar meeting stays in the meeting up to the meeting idle threshold,
//   exactly as live capture's quiet does. ActivityWatch calls a user afk after 3 minutes; our
//   thresholds decide.
// - A host with window events but no afk bucket: every window event counts as a not-afk period
//   (there is nothing better to go on).
// Other bucket types (web, editor watchers) are ignored and listed in the report.
// Durations are untrusted (eventSeconds): negative, non-finite or non-numeric ones are skipped,
// absurd ones clamped to AW_MAX_EVENT_SECONDS, both counted; the work is done in steps
// (importSteps.ts) so a big export never stalls the app.
import { type ImportCollector, ImportInputError, parseTimestamp } from './importSignals'
import { ITEMS_PER_STEP, runSteps, type Steps } from './importSteps'

export const AW_INPUT_INTERVAL_SECONDS = 60
/** Longest event believed (a week: an afk period over a long weekend); longer ones are clamped. */
export const AW_MAX_EVENT_SECONDS = 7 * 24 * 60 * 60
const SYSTEM_APP = 'system'
const UNKNOWN_APP = 'unknown'

export interface ActivityWatchInfo {
  buckets_read: number
  /** ids of buckets of other types, not imported */
  buckets_ignored: string[]
  events_read: number
  /** time at the machine ActivityWatch recorded (not-afk periods, merged), seconds */
  active_seconds: number
  /** events longer than AW_MAX_EVENT_SECONDS, read as that long */
  durations_clamped: number
}

interface WindowEvent {
  start: number
  end: number
  app: string
  title: string | null
  index: number
}
interface Period {
  start: number
  end: number
  index: number
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

/** An event's duration in seconds, or why it cannot be used; `clamped` when it was cut to the maximum. */
function eventSeconds(duration: unknown): { seconds: number; clamped: boolean } | { problem: string } {
  // No duration: an instant (ActivityWatch writes 0 for one).
  if (duration === undefined || duration === null) return { seconds: 0, clamped: false }
  if (typeof duration !== 'number') return { problem: 'duration: not a number' }
  if (!Number.isFinite(duration)) return { problem: 'duration: not a finite number' }
  if (duration < 0) return { problem: `duration: negative (${duration})` }
  return duration > AW_MAX_EVENT_SECONDS
    ? { seconds: AW_MAX_EVENT_SECONDS, clamped: true }
    : { seconds: duration, clamped: false }
}

/** Reads the export and feeds its signals to `collector`, in one go. */
export const activityWatchSignals = (data: unknown, collector: ImportCollector): ActivityWatchInfo =>
  runSteps(activityWatchSteps(data, collector))

export type AwBucketType = 'currentwindow' | 'afkstatus'
/** Bucket types read; others (web, editor watchers) are listed in the report as ignored. */
export const isReadBucketType = (type: unknown): type is AwBucketType =>
  type === 'currentwindow' || type === 'afkstatus'
export const NOT_AN_EXPORT = 'input is not an ActivityWatch export: expected {"buckets": {...}}'

interface Host {
  windows: WindowEvent[]
  notAfk: Period[]
  afk: Period[]
  hasAfk: boolean
}

/**
 * The export's buckets and events fed one at a time, in file order (a parsed export: below; a
 * streamed one: activityWatchStream.ts). Event numbers run across the whole export (bucket by
 * bucket, in file order): skipped events are reported by that number and their bucket.
 */
export class ActivityWatchEvents {
  readonly info: ActivityWatchInfo = {
    buckets_read: 0,
    buckets_ignored: [],
    events_read: 0,
    active_seconds: 0,
    durations_clamped: 0,
  }
  private readonly hosts = new Map<string, Host>()
  private nextIndex = 0
  private bucket: { id: string; type: AwBucketType; host: Host } | null = null

  constructor(private readonly collector: ImportCollector) {}

  /** A bucket not read (another type, or not an object): its events still take numbers. */
  ignoreBucket(id: string, eventCount: number): void {
    this.info.buckets_ignored.push(id)
    this.nextIndex += eventCount
    this.bucket = null
  }

  /** The bucket whose events come next. */
  beginBucket(id: string, type: AwBucketType, hostname: unknown): void {
    this.info.buckets_read++
    const name = typeof hostname === 'string' ? hostname : ''
    let host = this.hosts.get(name)
    if (!host) this.hosts.set(name, (host = { windows: [], notAfk: [], afk: [], hasAfk: false }))
    if (type === 'afkstatus') host.hasAfk = true
    this.bucket = { id, type, host }
  }

  /** One event of the current bucket, `position` its place in the bucket's list; returns its number. */
  event(position: number, raw: unknown): number {
    const at = this.nextIndex++
    const bucket = this.bucket
    if (!bucket) return at
    const { collector } = this
    this.info.events_read++
    const where = `${bucket.id} event ${position}`
    const event = asObject(raw)
    if (!event) {
      collector.skip(at, `${where}: not an object`)
      return at
    }
    const start = typeof event.timestamp === 'string' ? parseTimestamp(event.timestamp) : Number.NaN
    if (Number.isNaN(start)) {
      collector.skip(at, `${where}: timestamp: ${event.timestamp === undefined ? 'missing' : 'not an ISO-8601 time'}`)
      return at
    }
    const duration = eventSeconds(event.duration)
    if ('problem' in duration) {
      collector.skip(at, `${where}: ${duration.problem}`)
      return at
    }
    if (duration.clamped) this.info.durations_clamped++
    const end = start + duration.seconds * 1000
    const eventData = asObject(event.data) ?? {}
    if (bucket.type === 'currentwindow') {
      const app = eventData.app
      if (typeof app !== 'string' || app.trim() === '') {
        collector.skip(at, `${where}: data.app: missing`)
        return at
      }
      const title = typeof eventData.title === 'string' && eventData.title !== '' ? eventData.title : null
      bucket.host.windows.push({ start, end, app, title, index: at })
    } else if (eventData.status === 'not-afk') {
      bucket.host.notAfk.push({ start, end, index: at })
    } else if (eventData.status === 'afk') {
      bucket.host.afk.push({ start, end, index: at })
    } else {
      collector.skip(at, `${where}: data.status: expected "afk" or "not-afk"`)
    }
    return at
  }

  /** After the last event: the signals of every host. */
  *finish(): Steps<ActivityWatchInfo> {
    for (const host of this.hosts.values()) this.info.active_seconds += yield* emitHost(host, this.collector)
    return this.info
  }
}

/** Reads a parsed export and feeds its signals to `collector`; problems are skipped by event number. */
export function* activityWatchSteps(data: unknown, collector: ImportCollector): Steps<ActivityWatchInfo> {
  const buckets = asObject(asObject(data)?.buckets)
  if (!buckets) throw new ImportInputError(NOT_AN_EXPORT)
  const reader = new ActivityWatchEvents(collector)
  for (const [id, value] of Object.entries(buckets)) {
    const bucket = asObject(value)
    const events = Array.isArray(bucket?.events) ? (bucket.events as unknown[]) : []
    const type = bucket?.type
    if (!bucket || !isReadBucketType(type)) {
      reader.ignoreBucket(id, events.length)
      continue
    }
    reader.beginBucket(id, type, bucket.hostname)
    for (const [position, raw] of events.entries()) {
      if (reader.event(position, raw) % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield
    }
  }
  return yield* reader.finish()
}

/** Merges overlapping periods (ActivityWatch buckets from restarts can overlap). */
function merged(periods: Period[]): Period[] {
  const sorted = [...periods].sort((a, b) => a.start - b.start)
  const out: Period[] = []
  for (const period of sorted) {
    const last = out.at(-1)
    if (last && period.start <= last.end) last.end = Math.max(last.end, period.end)
    else out.push({ ...period })
  }
  return out
}

function* emitHost(host: Host, collector: ImportCollector): Steps<number> {
  const windows = [...host.windows].sort((a, b) => a.start - b.start)
  const active = merged(
    host.hasAfk ? host.notAfk : windows.map((w) => ({ start: w.start, end: w.end, index: w.index })),
  )

  /** The window in front at `t`: the latest one started at or before it (capture credits input the same way). */
  const frontAt = (t: number): WindowEvent | null => {
    let lo = 0
    let hi = windows.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if ((windows[mid] as WindowEvent).start <= t) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found >= 0 ? (windows[found] as WindowEvent) : null
  }
  /** a key at `t`, credited to the window in front at `frontTs` */
  const input = (t: number, index: number, frontTs = t) => {
    const front = frontAt(frontTs)
    collector.add(index, {
      tsMs: t,
      app: front?.app ?? UNKNOWN_APP,
      type: 'keyboard',
      source_type: 'keyboard',
      count: 1,
      title: null,
    })
  }

  let activeMs = 0
  const step = AW_INPUT_INTERVAL_SECONDS * 1000
  for (const period of active) {
    activeMs += period.end - period.start
    let n = 0
    for (let t = period.start; t < period.end; t += step) {
      input(t, period.index)
      if (++n % ITEMS_PER_STEP === 0) yield
    }
    // The period's last moment, credited to the window in front just before it ends.
    if (period.end > period.start) input(period.end, period.index, period.end - 1)
  }

  // Focus where a window event meets time at the machine.
  let p = 0
  for (const [i, w] of windows.entries()) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield
    while (p < active.length && (active[p] as Period).end < w.start) p++
    for (let q = p; q < active.length; q++) {
      const period = active[q] as Period
      if (period.start > w.end) break
      // A window with a duration must share time with the period; an instant must fall inside it.
      const meets =
        w.end > w.start
          ? w.start < period.end && w.end > period.start
          : w.start >= period.start && w.start <= period.end
      if (!meets) continue
      const at = Math.max(w.start, period.start)
      collector.add(w.index, {
        tsMs: at,
        app: w.app,
        type: 'app_focus',
        source_type: 'window',
        count: 1,
        title: w.title,
      })
    }
  }

  for (const away of merged(host.afk)) {
    collector.add(away.index, {
      tsMs: away.start,
      app: SYSTEM_APP,
      type: 'idle_start',
      source_type: 'system',
      count: 1,
      title: null,
    })
    if (away.end > away.start)
      collector.add(away.index, {
        tsMs: away.end,
        app: SYSTEM_APP,
        type: 'idle_end',
        source_type: 'system',
        count: 1,
        title: null,
      })
  }
  return Math.round(activeMs / 1000)
}
