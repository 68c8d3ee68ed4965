// The report day cache: each local day's shares (shared/report/aggregate.ts `dayShares`) kept per
// time zone in `report_day_cache`, so a year is read as 365 small rows instead of 50,000 entries
// cut at midnight. Triggers drop a day's rows in the same transaction as any change that could
// alter them (migration 0010); a missing day is computed here from the entries, inside an
// IMMEDIATE transaction so no other writer can change those entries between the read and the write.
import type { ReportRange } from '../../shared/contract/report'
import type { Settings } from '../../shared/domain'
import { BILLING_INCREMENTS, dayShares, type DayShare } from '../../shared/report/aggregate'
import { addDays, daysBetween, type DayKey } from '../../shared/report/zonedDays'
import type { ReadableDB, WritableDB } from './database'
import { prepared, preparedRaw } from './prepared'
import { loadReportInput } from './reports'

/** Bump when DayShare or its encoding changes: older rows are then recomputed, never misread. */
const SHARE_FORMAT = 1
/** Days filled per write transaction: other writers never wait long behind a cold year. */
const FILL_CHUNK_DAYS = 31
/** Zones whose days are kept; the ones used longest ago are dropped. */
const KEPT_ZONES = 4

/**
 * Where local midnight falls comes from the runtime's time zone rules: rows computed with other
 * rules (another Electron or Node, a tzdata update) are recomputed.
 */
export const dayCacheVersion = `shares-${SHARE_FORMAT}/tz-${process.versions.tz ?? process.versions.icu ?? 'unknown'}`

type EncodedShare = [
  status: DayShare['status'],
  manual: 0 | 1,
  activity_type: string,
  project_id: string | null,
  client_id: string | null,
  synced: 0 | 1,
  app: string | null,
  minutes: number,
  ...billed: number[],
]

const encode = (shares: readonly DayShare[]): string =>
  JSON.stringify(
    shares.map((s): EncodedShare => [
      s.status,
      s.manual ? 1 : 0,
      s.activity_type,
      s.project_id,
      s.client_id,
      s.synced ? 1 : 0,
      s.app,
      s.minutes,
      ...s.billed,
    ]),
  )

const STATUSES = new Set(['pending', 'approved', 'rejected'])
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0
const isName = (v: unknown): v is string | null => v === null || typeof v === 'string'

/** A cached day's shares, or null when the row is not in the expected shape (it is then recomputed). */
function decode(day: DayKey, text: string): DayShare[] | null {
  let rows: unknown
  try {
    rows = JSON.parse(text)
  } catch {
    return null
  }
  if (!Array.isArray(rows)) return null
  const shares: DayShare[] = []
  for (const row of rows as unknown[][]) {
    if (!Array.isArray(row) || row.length !== 8 + BILLING_INCREMENTS.length) return null
    const [status, manual, activity_type, project_id, client_id, synced, app, minutes, ...billed] = row
    if (
      !STATUSES.has(status as string) ||
      typeof activity_type !== 'string' ||
      !isName(project_id) ||
      !isName(client_id) ||
      !isName(app)
    )
      return null
    if ((manual !== 0 && manual !== 1) || (synced !== 0 && synced !== 1) || !isCount(minutes) || !billed.every(isCount))
      return null
    shares.push({
      day,
      status: status as DayShare['status'],
      manual: manual === 1,
      activity_type,
      project_id,
      client_id,
      synced: synced === 1,
      app,
      minutes,
      billed: billed as number[],
    })
  }
  return shares
}

const READ_DAYS = `SELECT day, shares FROM report_day_cache WHERE time_zone = ? AND version = ? AND day BETWEEN ? AND ?`
const WRITE_DAY = `INSERT OR REPLACE INTO report_day_cache (day, time_zone, version, shares) VALUES (?, ?, ?, ?)`
const TOUCH_ZONE = `INSERT INTO report_cache_zones (time_zone, used_at) VALUES (?, ?) ON CONFLICT (time_zone) DO UPDATE SET used_at = excluded.used_at`
const OLD_ZONES = `SELECT time_zone FROM report_cache_zones ORDER BY used_at DESC, time_zone LIMIT -1 OFFSET ${KEPT_ZONES}`

export interface CachedDays {
  /** the shares of every day of the range that has a usable row */
  shares: Map<DayKey, DayShare[]>
  /** the days without one, oldest first */
  missing: DayKey[]
}

export function readCachedDays(db: ReadableDB, range: ReportRange): CachedDays {
  const shares = new Map<DayKey, DayShare[]>()
  for (const [day, text] of preparedRaw<[string, string, string, string], [string, string]>(db, READ_DAYS).all(
    range.time_zone,
    dayCacheVersion,
    range.from,
    range.to,
  )) {
    const decoded = decode(day, text)
    if (decoded) shares.set(day, decoded)
  }
  return { shares, missing: daysBetween(range.from, range.to).filter((day) => !shares.has(day)) }
}

/** Runs of consecutive days, each at most `size` long. */
function runsOf(days: readonly DayKey[], size: number): DayKey[][] {
  const runs: DayKey[][] = []
  let run: DayKey[] = []
  for (const day of days) {
    const last = run.at(-1)
    if (last !== undefined && (run.length === size || addDays(last, 1) !== day)) {
      runs.push(run)
      run = []
    }
    run.push(day)
  }
  if (run.length) runs.push(run)
  return runs
}

/**
 * Computes and caches one run of days from the entries. IMMEDIATE: between reading the entries and
 * writing their shares no other connection can change them (its triggers would drop rows not
 * written yet, and stale shares would stay).
 */
function fillRun(db: WritableDB, settings: Settings, time_zone: string, run: readonly DayKey[], now: number): void {
  db.transaction(() => {
    const input = loadReportInput(db, settings, { from: run[0]!, to: run.at(-1)!, time_zone })
    const byDay = new Map<DayKey, DayShare[]>(run.map((day) => [day, []]))
    for (const share of dayShares(input)) byDay.get(share.day)!.push(share)
    const write = prepared(db, WRITE_DAY)
    for (const [day, shares] of byDay) write.run(day, time_zone, dayCacheVersion, encode(shares))
    prepared(db, TOUCH_ZONE).run(time_zone, now)
    for (const { time_zone: old } of prepared<[], { time_zone: string }>(db, OLD_ZONES).all()) {
      prepared(db, 'DELETE FROM report_day_cache WHERE time_zone = ?').run(old)
      prepared(db, 'DELETE FROM report_cache_zones WHERE time_zone = ?').run(old)
    }
  }).immediate()
}

/**
 * Computes and caches `days` (of `time_zone`) in runs of at most `runDays`; `afterRun` hears the
 * days filled so far (the CLI's progress). The app's warm-up awaits `pause` between runs so the
 * main process keeps answering.
 */
export function fillDays(
  db: WritableDB,
  settings: Settings,
  time_zone: string,
  days: readonly DayKey[],
  now: number,
  afterRun?: (filled: number) => void,
): void {
  let filled = 0
  for (const run of runsOf(days, FILL_CHUNK_DAYS)) {
    fillRun(db, settings, time_zone, run, now)
    afterRun?.((filled += run.length))
  }
}

export async function fillDaysGently(
  db: WritableDB,
  settings: Settings,
  time_zone: string,
  days: readonly DayKey[],
  now: () => number,
  runDays: number,
  pause: () => Promise<void>,
): Promise<void> {
  for (const run of runsOf(days, runDays)) {
    // the app may quit while this waits its turn
    if (!db.open) return
    fillRun(db, settings, time_zone, run, now())
    await pause()
  }
}
