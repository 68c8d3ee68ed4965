import type { Migration } from './index'

// What each calendar left out when it was last read (#25), by reason: {"zone unknown": 2, …}.
// Shown with the calendar in Settings → Calendars and `billops calendar list`.
export const migration0012CalendarSkipped: Migration = {
  version: 12,
  name: 'calendar-skipped',
  up(db) {
    db.exec(`ALTER TABLE calendar_sources ADD COLUMN skipped TEXT NOT NULL DEFAULT '{}'`)
  },
}
