// A range of the signals table read through the presence model (src/shared/presence.ts): what
// the day timeline draws and where the away prompt looks for absences. The same rules as the
// heuristics, so a quiet stretch in a call is a meeting here exactly when it is in the entries.
import type { Settings } from '../../shared/domain'
import { isSignalTypeName } from '../../shared/signalRegistry'
import { attendedIntervals } from '../../shared/calendar/filter'
import { PresenceRules, presenceTimeline, type PresenceSpan } from '../../shared/presence'
import type { WritableDB } from '../store/database'
import { createCalendarRepository } from '../store/calendars'
import { signalsForPresence } from '../store/signals'

export type { PresenceSpan }

/** The presence timeline of [fromSec, toSec) with the user's thresholds, meeting apps and calendar. */
export function scanPresence(db: WritableDB, settings: Settings, fromSec: number, toSec: number): PresenceSpan[] {
  const rules = presenceRules(db, settings, fromSec * 1000, toSec * 1000)
  return presenceTimeline(presenceSignals(db, fromSec, toSec), rules)
}

function presenceRules(db: WritableDB, settings: Settings, fromMs: number, toMs: number): PresenceRules {
  const meetings = attendedIntervals(createCalendarRepository(db).eventsBetween(fromMs, toMs), settings)
  return PresenceRules.fromSettings(settings, meetings)
}

function* presenceSignals(db: WritableDB, fromSec: number, toSec: number) {
  for (const row of signalsForPresence(db, fromSec, toSec)) {
    // A type this build does not know (a newer database) says nothing about presence.
    if (!isSignalTypeName(row.type)) continue
    yield { ts: row.ts * 1000, app: row.app, type: row.type, count: row.count }
  }
}

/** Stretches the away prompt may ask about: the user was away, or the machine locked or asleep
 * for at least the idle threshold. A quiet stretch kept in a meeting is never one. */
export function isAbsence(span: PresenceSpan, settings: Settings): boolean {
  if (span.kind === 'away') return true
  return span.kind === 'locked' && span.endMs - span.startMs >= settings.idle_threshold_minutes * 60_000
}
