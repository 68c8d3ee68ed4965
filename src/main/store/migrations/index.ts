// One migration per file, applied in order inside one transaction each (Signal Desktop's habit).
// Never edit a migration that has shipped: add the next number instead. 0002 and 0007 were never
// used and never will be: databases run only versions above their user_version (now 15).
import type { Database } from 'better-sqlite3'
import { migration0001Init } from './0001-init'
import { migration0003Heuristics } from './0003-heuristics'
import { migration0004Sync } from './0004-sync'
import { migration0005Review } from './0005-review'
import { migration0006CompactSignals } from './0006-compact-signals'
import { migration0008Calendar } from './0008-calendar'
import { migration0009ImportRuns } from './0009-import-runs'
import { migration0010ReportDayCache } from './0010-report-day-cache'
import { migration0011CalendarOnDemand } from './0011-calendar-on-demand'
import { migration0012CalendarSkipped } from './0012-calendar-skipped'
import { migration0013PresenceSignals } from './0013-presence-signals'
import { migration0014Matters } from './0014-matters'
import { migration0015SignalKinds } from './0015-signal-kinds'

export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export const migrations: readonly Migration[] = [
  migration0001Init,
  migration0003Heuristics,
  migration0004Sync,
  migration0005Review,
  migration0006CompactSignals,
  migration0008Calendar,
  migration0009ImportRuns,
  migration0010ReportDayCache,
  migration0011CalendarOnDemand,
  migration0012CalendarSkipped,
  migration0013PresenceSignals,
  migration0014Matters,
  migration0015SignalKinds,
]
