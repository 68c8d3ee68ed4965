// Calendar sources, their expanded events and the meetings the heuristics joined (migrations
// 0008, 0011). Occurrences are expanded per week on demand: `calendar_expanded` lists the weeks
// held, and a new text drops them with its events in the same transaction.
import type { CalendarFetchState, CalendarSource } from '../../shared/contract/calendar'
import { fitStoredEvent, SkipTally, type CalendarEventInstance } from '../../shared/calendar/types'
import type { ExpandedEvents, FileSummary } from '../../shared/calendar/expander'
import { formatIsoUtc } from '../../shared/isoTime'
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'

export interface StoredCalendarSource extends CalendarSource {
  ics_text: string | null
  etag: string | null
  last_modified: string | null
  content_version: number
}

/** Weeks are the cache's unit: a day, a week's lane or a year's import asks for whole weeks. */
export const WEEK_MS = 7 * 86_400_000

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
  content_version: number
  summary_events: number | null
  summary_first_ms: number | null
  summary_last_ms: number | null
  summary_open_ended: number
  expansion_cut_short: number
  skipped: string
}

const SELECT_SOURCES = `SELECT s.id, s.kind, s.location, s.my_emails, s.ics_text, s.etag, s.last_modified, s.fetch_state, s.last_error,
  s.last_attempt_at, s.last_success_at, s.content_version, s.summary_events, s.summary_first_ms, s.summary_last_ms, s.summary_open_ended,
  s.expansion_cut_short, s.skipped, (SELECT count(*) FROM calendar_events e WHERE e.source_id = s.id) AS event_count FROM calendar_sources s`

function toSource(row: SourceRow): StoredCalendarSource {
  const {
    summary_events: events,
    summary_first_ms: first,
    summary_last_ms: last,
    summary_open_ended: openEnded,
    ...rest
  } = row
  const contents =
    events === null
      ? null
      : {
          events,
          first_start_at: first === null ? null : formatIsoUtc(first),
          last_end_at: last === null ? null : formatIsoUtc(last),
          open_ended: openEnded === 1,
        }
  return { ...rest, my_emails: JSON.parse(row.my_emails) as string[], contents, skipped: readSkipped(row.skipped) }
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

/** A source whose stored text can be expanded: what an expansion request needs, without the text. */
export interface ExpandableSource {
  id: string
  content_version: number
  my_emails: string[]
}

/** What one expansion gave for a source's weeks. */
export interface Expansion {
  version: number
  weeks: readonly number[]
  events: ExpandedEvents
  /** false: the budget ran out; the weeks are kept as they are (not retried until the text changes) and counted */
  complete: boolean
  summary: FileSummary
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

export function createCalendarRepository(db: WritableDB) {
  return {
    list(): StoredCalendarSource[] {
      return prepared<[], SourceRow>(db, `${SELECT_SOURCES} ORDER BY s.created_at, s.id`).all().map(toSource)
    },
    get(id: string): StoredCalendarSource | null {
      const row = prepared<[string], SourceRow>(db, `${SELECT_SOURCES} WHERE s.id = ?`).get(id)
      return row ? toSource(row) : null
    },
    findByLocation(kind: 'file' | 'url', location: string): StoredCalendarSource | null {
      const row = prepared<[string, string], SourceRow>(
        db,
        `${SELECT_SOURCES} WHERE s.kind = ? AND s.location = ?`,
      ).get(kind, location)
      return row ? toSource(row) : null
    },
    add(input: {
      id: string
      kind: 'file' | 'url'
      location: string
      myEmails: readonly string[]
      now: string
    }): string {
      const id = input.id
      prepared(
        db,
        'INSERT INTO calendar_sources (id, kind, location, my_emails, created_at) VALUES (?, ?, ?, ?, ?)',
      ).run(id, input.kind, input.location, JSON.stringify([...new Set(input.myEmails)]), input.now)
      return id
    },
    setLocation(id: string, location: string): void {
      prepared(db, 'UPDATE calendar_sources SET location = ? WHERE id = ?').run(location, id)
    },
    remove(id: string): boolean {
      return prepared<[string]>(db, 'DELETE FROM calendar_sources WHERE id = ?').run(id).changes > 0
    },
    /**
     * Records a fetch. A new text (ok, different from the stored one) gets the next content
     * version, and the weeks expanded from the old one are dropped with their events and summary
     * in the same transaction; `summary` (read from the new text) is stored with it.
     */
    recordFetch(id: string, outcome: FetchOutcome, summary?: { version: number; summary: FileSummary }): void {
      db.transaction(() => {
        if (outcome.state === 'ok') {
          const text = outcome.text ?? null
          const changed = prepared<[string | null, string], { changed: number }>(
            db,
            'SELECT ics_text IS NOT ? AS changed FROM calendar_sources WHERE id = ?',
          ).get(text, id)
          if (changed?.changed === 1) {
            prepared(
              db,
              `UPDATE calendar_sources SET content_version = content_version + 1, summary_events = NULL, summary_first_ms = NULL,
               summary_last_ms = NULL, summary_open_ended = 0, expansion_cut_short = 0, skipped = '{}' WHERE id = ?`,
            ).run(id)
            prepared<[string]>(db, 'DELETE FROM calendar_expanded WHERE source_id = ?').run(id)
            prepared<[string]>(db, 'DELETE FROM calendar_events WHERE source_id = ?').run(id)
          }
          prepared(
            db,
            `UPDATE calendar_sources SET fetch_state = 'ok', last_error = NULL, last_attempt_at = ?, last_success_at = ?,
             ics_text = ?, etag = ?, last_modified = ? WHERE id = ?`,
          ).run(outcome.at, outcome.at, text, outcome.etag ?? null, outcome.lastModified ?? null, id)
          if (summary) storeSummary(db, id, summary.version, summary.summary)
        } else if (outcome.state === 'not_modified') {
          prepared(
            db,
            `UPDATE calendar_sources SET fetch_state = 'not_modified', last_error = NULL, last_attempt_at = ?, last_success_at = ? WHERE id = ?`,
          ).run(outcome.at, outcome.at, id)
        } else {
          // A failure keeps the last good copy and its events: the user sees the error, loses nothing.
          prepared(
            db,
            `UPDATE calendar_sources SET fetch_state = 'failed', last_error = ?, last_attempt_at = ? WHERE id = ?`,
          ).run(outcome.error, outcome.at, id)
        }
      })()
    },
    /** Sources with a stored text, in the order they were added. */
    expandable(): ExpandableSource[] {
      return prepared<[], { id: string; content_version: number; my_emails: string }>(
        db,
        'SELECT id, content_version, my_emails FROM calendar_sources WHERE ics_text IS NOT NULL ORDER BY created_at, id',
      )
        .all()
        .map((row) => ({ ...row, my_emails: JSON.parse(row.my_emails) as string[] }))
    },
    text(id: string): string | null {
      return (
        prepared<[string], { ics_text: string | null }>(db, 'SELECT ics_text FROM calendar_sources WHERE id = ?').get(
          id,
        )?.ics_text ?? null
      )
    },
    /** The weeks overlapping [fromMs, toMs) whose occurrences this source does not hold yet. */
    missingWeeks(id: string, fromMs: number, toMs: number): number[] {
      const first = Math.floor(fromMs / WEEK_MS)
      const last = Math.floor((toMs - 1) / WEEK_MS)
      const held = new Set(
        prepared<[string, number, number], { week: number }>(
          db,
          'SELECT week FROM calendar_expanded WHERE source_id = ? AND week BETWEEN ? AND ?',
        )
          .all(id, first, last)
          .map((row) => row.week),
      )
      const missing: number[] = []
      for (let week = first; week <= last; week++) if (!held.has(week)) missing.push(week)
      return missing
    },
    /** Weeks the budget did not reach: marked done but incomplete (not retried until the text changes); counted unless the batch before was. */
    markCutShort(id: string, version: number, weeks: readonly number[], counted = false): void {
      if (weeks.length === 0) return
      db.transaction(() => {
        const current = prepared<[string], { content_version: number }>(
          db,
          'SELECT content_version FROM calendar_sources WHERE id = ?',
        ).get(id)?.content_version
        if (current !== version) return
        const mark = prepared(
          db,
          'INSERT OR IGNORE INTO calendar_expanded (source_id, week, complete) VALUES (?, ?, 0)',
        )
        for (const week of weeks) mark.run(id, week)
        if (!counted)
          prepared<[string]>(
            db,
            'UPDATE calendar_sources SET expansion_cut_short = expansion_cut_short + 1 WHERE id = ?',
          ).run(id)
      })()
    },
    /** Stores what the worker expanded, unless the text changed meanwhile (then it was for the old one: dropped). */
    storeExpansion(id: string, expansion: Expansion): boolean {
      return db.transaction(() => {
        const version = prepared<[string], { content_version: number }>(
          db,
          'SELECT content_version FROM calendar_sources WHERE id = ?',
        ).get(id)?.content_version
        if (version !== expansion.version) return false
        const insert = prepared(
          db,
          'INSERT OR REPLACE INTO calendar_events (source_id, event_key, start_ms, end_ms, data) VALUES (?, ?, ?, ?, ?)',
        )
        const { keys, startMs, endMs, data } = expansion.events
        keys.forEach((key, index) => insert.run(id, key, startMs[index], endMs[index], data[index]))
        const mark = prepared(
          db,
          'INSERT OR REPLACE INTO calendar_expanded (source_id, week, complete) VALUES (?, ?, ?)',
        )
        for (const week of expansion.weeks) mark.run(id, week, expansion.complete ? 1 : 0)
        if (!expansion.complete)
          prepared<[string]>(
            db,
            'UPDATE calendar_sources SET expansion_cut_short = expansion_cut_short + 1 WHERE id = ?',
          ).run(id)
        storeSummary(db, id, expansion.version, expansion.summary)
        return true
      })()
    },
    /** Events of every source overlapping [fromMs, toMs), in start order. */
    eventsBetween(fromMs: number, toMs: number, onUnreadable?: OnUnreadableEvents): CalendarEventInstance[] {
      const rows = prepared<[number, number], { data: string }>(
        db,
        'SELECT data FROM calendar_events WHERE end_ms > ? AND start_ms < ? ORDER BY start_ms, event_key',
      ).all(fromMs, toMs)
      return readEvents(rows, onUnreadable)
    },
  }
}

export type CalendarRepository = ReturnType<typeof createCalendarRepository>

function storeSummary(db: WritableDB, id: string, version: number, summary: FileSummary): void {
  prepared(
    db,
    `UPDATE calendar_sources SET summary_events = ?, summary_first_ms = ?, summary_last_ms = ?, summary_open_ended = ?, skipped = ?
     WHERE id = ? AND content_version = ?`,
  ).run(
    summary.events,
    summary.firstStartMs,
    summary.lastEndMs,
    summary.openEnded ? 1 : 0,
    JSON.stringify(summary.skipped),
    id,
    version,
  )
}

/** Meetings that ended by `untilMs` (and after `sinceMs`) that the heuristics have not joined yet. */
export function unjoinedEventsEndingBetween(
  db: ReadableDB,
  sinceMs: number,
  untilMs: number,
  onUnreadable?: OnUnreadableEvents,
): CalendarEventInstance[] {
  const rows = prepared<[number, number], { data: string }>(
    db,
    `SELECT data FROM calendar_events WHERE end_ms > ? AND end_ms <= ? AND event_key NOT IN (SELECT event_key FROM calendar_joined)
     GROUP BY event_key ORDER BY start_ms`,
  ).all(sinceMs, untilMs)
  return readEvents(rows, onUnreadable)
}

export function markEventsJoined(db: WritableDB, keys: readonly string[], now: string): void {
  const insert = prepared(db, 'INSERT OR IGNORE INTO calendar_joined (event_key, joined_at) VALUES (?, ?)')
  for (const key of keys) insert.run(key, now)
}
