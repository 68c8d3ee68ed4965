// Reads the signals table as runs of activity and the gaps between them: what the day timeline
// draws and where the away prompt looks for absences. One pass over the range, ordered by ts.
import type { Settings } from '../../shared/domain'
import type { Database } from '../store/database'
import { SIGNALS_IN_TIME_ORDER } from '../store/signals'

/** Input and focus signals: evidence that someone is at the machine. */
const ACTIVITY_TYPES = new Set(['keyboard', 'mouse_click', 'mouse_move', 'mouse_scroll', 'app_focus'])
/** System signals that mean the user left, whatever the gap's length. */
const LEAVE_MARKERS = new Set(['idle_start', 'lock', 'suspend', 'shutdown'])
/** Activity closer than this stays in one run (capture coalesces per second; input is bursty). */
export const RUN_JOIN_SECONDS = 60

export interface ActiveRun {
  startSec: number
  endSec: number
  app: string
  events: number
}

export interface ActivityGap {
  startSec: number
  endSec: number
  /** app in front when the user left */
  lastApp: string | null
  /** a lock, suspend, shutdown or idle-start signal opened the gap */
  afterLeaveMarker: boolean
}

export function scanActivity(db: Database, fromSec: number, toSec: number): { runs: ActiveRun[]; gaps: ActivityGap[] } {
  const rows = db
    .prepare<[number, number], { ts: number; app: string; type: string; count: number }>(
      `SELECT ts, app, type, count FROM signals WHERE ts >= ? AND ts < ? ORDER BY ${SIGNALS_IN_TIME_ORDER}`,
    )
    .iterate(fromSec, toSec)
  const runs: ActiveRun[] = []
  const gaps: ActivityGap[] = []
  let current: ActiveRun | null = null
  let leaveMarker = false
  for (const row of rows) {
    if (LEAVE_MARKERS.has(row.type)) {
      if (current) leaveMarker = true
      continue
    }
    if (!ACTIVITY_TYPES.has(row.type)) continue
    if (current && current.app === row.app && row.ts - current.endSec <= RUN_JOIN_SECONDS && !leaveMarker) {
      current.endSec = Math.max(current.endSec, row.ts + 1)
      current.events += row.count
      continue
    }
    if (current) {
      runs.push(current)
      if (row.ts > current.endSec && (row.ts - current.endSec > RUN_JOIN_SECONDS || leaveMarker)) {
        gaps.push({ startSec: current.endSec, endSec: row.ts, lastApp: current.app, afterLeaveMarker: leaveMarker })
      }
    }
    current = { startSec: row.ts, endSec: row.ts + 1, app: row.app, events: row.count }
    leaveMarker = false
  }
  if (current) runs.push(current)
  return { runs, gaps }
}

/** Meeting apps get a longer idle threshold: listening to a call is work without input. */
export function awayThresholdSeconds(settings: Settings, lastApp: string | null): number {
  const app = lastApp?.toLowerCase() ?? ''
  const inMeeting = app !== '' && settings.meeting_apps.some((m) => app.includes(m.toLowerCase()))
  return (inMeeting ? settings.meeting_idle_threshold_minutes : settings.idle_threshold_minutes) * 60
}

export const isAwayGap = (gap: ActivityGap, settings: Settings): boolean =>
  gap.afterLeaveMarker || gap.endSec - gap.startSec >= awayThresholdSeconds(settings, gap.lastApp)
