// Calendar sources, their expanded events and the meetings the heuristics joined (migration 0008).
import { randomUUID } from 'node:crypto'
import type { CalendarFetchState, CalendarSource } from '../../shared/contract/calendar'
import { fitStoredEvent, SkipTally, type CalendarEventInstance } from '../../shared/calendar/types'
import type { Database } from './database'
import { prepared } from './prepared'

export interface StoredCalendarSource extends CalendarSource {
  ics_text: string | null
  etag: string | null
  last_modified: string | null
}

interface SourceRow {
  id: string
  kind: 'file' | 'url'
  location: string
  my_emails: string
  ics_text: string | null
  etag: string | null
  last_modified: string | null
  fetch_state: CalendarFetchState
  last_error: string | null
  last_attempt_at: string | null
  last_success_at: string | null
  event_count: number
  skipped: string
}

const SELECT_SOURCES = `SELECT s.*, (SELECT count(*) FROM calendar_events e WHERE e.source_id = s.id) AS event_count FROM calendar_sources s`

function toSource(row: SourceRow): StoredCalendarSource {
  return { ...row, my_emails: JSON.parse(row.my_emails) as string[], skipped: readSkipped(row.skipped) }
}

function readSkipped(text: string): SkipTally {
  try {
    const parsed = SkipTally.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : {}
  } catch {
    return {}
  }
}

/** Called with how many stored events could not be read (they are skipped, never thrown). */
export type OnUnreadableEvents = (count: number) => void

function readEvents(rows: readonly { data: string }[], onUnreadable?: OnUnreadableEvents): CalendarEventInstance[] {
  const events: CalendarEventInstance[] = []
  for (const row of rows) {
    let event: CalendarEventInstance | null = null
    try {
      event = fitStoredEvent(JSON.parse(row.data))
    } catch {
      event = null
    }
    if (event) events.push(event)
  }
  if (events.length < rows.length) onUnreadable?.(rows.length - events.length)
  return events
}

/** A calendar as read: its instances in the range and what was left out. */
export interface ExpandedCalendar {
  events: readonly CalendarEventInstance[]
  skipped: SkipTally
}

export interface FetchOutcome {
  state: CalendarFetchState
  error: string | null
  at: string
  /** new text and validators (ok only) */
  text?: string
  etag?: string | null
  lastModified?: string | null
}

export function createCalendarRepository(db: Database) {
  return {
    list(): StoredCalendarSource[] {
      return prepared<[], SourceRow>(db, `${SELECT_SOURCES} ORDER BY s.created_at, s.id`).all().map(toSource)
    },
    get(id: string): StoredCalendarSource | null {
      const row = prepared<[string], SourceRow>(db, `${SELECT_SOURCES} WHERE s.id = ?`).get(id)
      return row ? toSource(row) : null
    },
    findByLocation(kind: 'file' | 'url', location: string): StoredCalendarSource | null {
      const row = prepared<[string, string], SourceRow>(db, `${SELECT_SOURCES} WHERE s.kind = ? AND s.location = ?`).get(kind, location)
      return row ? toSource(row) : null
    },
    add(input: { kind: 'file' | 'url'; location: string; myEmails: readonly string[]; now: string }): string {
      const id = randomUUID()
      prepared(db, 'INSERT INTO calendar_sources (id, kind, location, my_emails, created_at) VALUES (?, ?, ?, ?, ?)').run(
        id,
        input.kind,
        input.location,
        JSON.stringify([...new Set(input.myEmails)]),
        input.now,
      )
      return id
    },
    setLocation(id: string, location: string): void {
      prepared(db, 'UPDATE calendar_sources SET location = ? WHERE id = ?').run(location, id)
    },
    remove(id: string): boolean {
      return prepared<[string]>(db, 'DELETE FROM calendar_sources WHERE id = ?').run(id).changes > 0
    },
    /** Records a fetch; on success the text and the expanded events are replaced in the same transaction. */
    recordFetch(id: string, outcome: FetchOutcome, expanded?: ExpandedCalendar): void {
      db.transaction(() => {
        if (outcome.state === 'ok') {
          prepared(
            db,
            `UPDATE calendar_sources SET fetch_state = 'ok', last_error = NULL, last_attempt_at = ?, last_success_at = ?,
             ics_text = ?, etag = ?, last_modified = ? WHERE id = ?`,
          ).run(outcome.at, outcome.at, outcome.text ?? null, outcome.etag ?? null, outcome.lastModified ?? null, id)
        } else if (outcome.state === 'not_modified') {
          prepared(db, `UPDATE calendar_sources SET fetch_state = 'not_modified', last_error = NULL, last_attempt_at = ?, last_success_at = ? WHERE id = ?`).run(
            outcome.at,
            outcome.at,
            id,
          )
        } else {
          // A failure keeps the last good copy and its events: the user sees the error, loses nothing.
          prepared(db, `UPDATE calendar_sources SET fetch_state = 'failed', last_error = ?, last_attempt_at = ? WHERE id = ?`).run(outcome.error, outcome.at, id)
        }
        if (expanded) {
          replaceEvents(db, id, expanded.events)
          prepared(db, 'UPDATE calendar_sources SET skipped = ? WHERE id = ?').run(JSON.stringify(expanded.skipped), id)
        }
      })()
    },
    /** Events of every source overlapping [fromMs, toMs), in start order. */
    eventsBetween(fromMs: number, toMs: number, onUnreadable?: OnUnreadableEvents): CalendarEventInstance[] {
      const rows = prepared<[number, number], { data: string }>(db, 'SELECT data FROM calendar_events WHERE end_ms > ? AND start_ms < ? ORDER BY start_ms, event_key').all(fromMs, toMs)
      return readEvents(rows, onUnreadable)
    },
  }
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>

function replaceEvents(db: Database, sourceId: string, events: readonly CalendarEventInstance[]): void {
  prepared<[string]>(db, 'DELETE FROM calendar_events WHERE source_id = ?').run(sourceId)
  const insert = prepared(db, 'INSERT OR REPLACE INTO calendar_events (source_id, event_key, start_ms, end_ms, data) VALUES (?, ?, ?, ?, ?)')
  for (const event of events) {
    // Cut to what reading accepts, so a stored row can always be read back.
    const fitted = fitStoredEvent(event)
    if (fitted) insert.run(sourceId, fitted.key, fitted.startMs, fitted.endMs, JSON.stringify(fitted))
  }
}

/** Meetings that ended by `untilMs` (and after `sinceMs`) that the heuristics have not joined yet. */
export function unjoinedEventsEndingBetween(db: Database, sinceMs: number, untilMs: number, onUnreadable?: OnUnreadableEvents): CalendarEventInstance[] {
  const rows = prepared<[number, number], { data: string }>(
    db,
    `SELECT data FROM calendar_events WHERE end_ms > ? AND end_ms <= ? AND event_key NOT IN (SELECT event_key FROM calendar_joined)
     GROUP BY event_key ORDER BY start_ms`,
  ).all(sinceMs, untilMs)
  return readEvents(rows, onUnreadable)
}

export function markEventsJoined(db: Database, keys: readonly string[], now: string): void {
  const insert = prepared(db, 'INSERT OR IGNORE INTO calendar_joined (event_key, joined_at) VALUES (?, ?)')
  for (const key of keys) insert.run(key, now)
}
