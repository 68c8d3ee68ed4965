// Seed data shared by the review, accessibility and keyboard e2e specs: a fixed "now", a day of
// pending suggestions and raw signals (which the timeline and the away prompt read).
import type { Core } from '../../src/main/app/createCore'
import { createManualClock } from '../../test/support/manualClock'
import { insertEntries } from '../../src/main/store/entries'
import { upsertSignals } from '../../src/main/store/signals'
import type { SignalType } from '../../src/shared/domain'
import { pendingEntry } from '../../test/support/reviewTestSupport'

// Fixed "now" and time zone so day headings, clocks and the away prompt are deterministic.
export const NOW = Date.parse('2026-03-02T18:00:00Z')
export const fixedClockOptions = {
  coreOptions: { clock: createManualClock(NOW) },
  timezoneId: 'UTC',
  locale: 'en-US',
} as const

export function seedDay(core: Core) {
  const entries = [
    pendingEntry('2026-03-02T09:00:00Z', 45, {
      project_id: 'acme',
      context_data: {
        confidence: 0.9,
        applications: ['vscode'],
        primary_activity: 'focused_work',
        reasons: [],
        suggestion_source: 'rule',
        suggestion_reason: 'vscode → acme',
        narrative: 'Drafted the indemnity clause',
      },
    }),
    pendingEntry('2026-03-02T10:00:00Z', 7, {
      activity_type: 'mixed',
      context_data: {
        confidence: 0.35,
        applications: ['chrome', 'slack'],
        primary_activity: 'mixed',
        reasons: ['multiple activity types detected'],
      },
    }),
    pendingEntry('2026-03-02T10:10:00Z', 20, { activity_type: 'research' }),
    pendingEntry('2026-03-02T11:00:00Z', 60, { activity_type: 'writing' }),
    pendingEntry('2026-03-01T14:00:00Z', 30, { activity_type: 'communication' }),
  ]
  insertEntries(core.db, entries)
  return entries
}

export function seedSignals(core: Core, rows: [iso: string, app: string, type: SignalType][]) {
  upsertSignals(
    core.db,
    rows.map(([iso, app, type]) => ({ ts: Math.floor(Date.parse(iso) / 1000), app, type, count: 5, title: null })),
  )
}

/** Dense activity like real capture: a signal every 30 s while working, with breaks between. */
export function seedBusyDay(core: Core) {
  const busy: [string, string, SignalType][] = []
  const work = (from: string, to: string, app: string) => {
    for (let t = Date.parse(from); t < Date.parse(to); t += 30_000)
      busy.push([new Date(t).toISOString(), app, 'keyboard'])
  }
  work('2026-03-02T09:00:00Z', '2026-03-02T09:44:00Z', 'vscode')
  work('2026-03-02T10:00:00Z', '2026-03-02T10:06:00Z', 'chrome')
  work('2026-03-02T10:08:00Z', '2026-03-02T10:30:00Z', 'slack')
  work('2026-03-02T11:00:00Z', '2026-03-02T12:00:00Z', 'word')
  seedSignals(core, busy)
}
