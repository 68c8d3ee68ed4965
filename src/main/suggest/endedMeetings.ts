// Which calendar meetings the heuristics join on a round (#16, #23): those that ended by the
// clock — a minute ago, so capture has flushed their last signals — in the last 60 days, and
// those of any date whose signals were processed since the last join (a history import of last
// year). Their occurrences are asked for first, so a range no one expanded yet is expanded now.
import type { CalendarEventInstance } from '../../shared/calendar/types'
import { unjoinedEventsEndingBetween, type OnUnreadableEvents } from '../store/calendars'
import type { ReadableDB } from '../store/database'

/** Meetings that ended longer ago than this are not joined (a calendar added today reaches back this far)
 * unless the signals of their time are processed now (a history import). */
export const CALENDAR_LOOKBACK_MS = 60 * 86_400_000
/** A meeting is joined once the clock is this far past its end: capture has flushed its last signals by then. */
export const JOIN_AFTER_END_MS = 60_000
/** Meetings ending this long after the last signal processed are joined with it (the import's last day). */
const JOIN_AFTER_SIGNALS_MS = 86_400_000

export interface Span {
  fromMs: number
  toMs: number
}

/** The time of the signals processed since the last join. */
export class ProcessedSpan {
  private span: Span | null = null

  note(fromMs: number, toMs: number): void {
    const span = this.span
    this.span = span ? { fromMs: Math.min(span.fromMs, fromMs), toMs: Math.max(span.toMs, toMs) } : { fromMs, toMs }
  }

  get(): Span | null {
    return this.span
  }

  /** Forgotten once its meetings are joined (a crashed round keeps it for the retry). */
  clear(): void {
    this.span = null
  }
}

export async function endedMeetings(
  db: ReadableDB,
  now: number,
  processed: Span | null,
  calendarRange?: (fromMs: number, toMs: number) => Promise<void>,
  onUnreadable?: OnUnreadableEvents,
): Promise<CalendarEventInstance[]> {
  const endedBy = now - JOIN_AFTER_END_MS
  const recentFromMs = now - CALENDAR_LOOKBACK_MS
  const spans: Span[] = [{ fromMs: recentFromMs, toMs: endedBy }]
  if (processed && processed.fromMs < recentFromMs)
    spans.push({ fromMs: processed.fromMs, toMs: Math.min(processed.toMs + JOIN_AFTER_SIGNALS_MS, endedBy) })
  for (const span of spans) await calendarRange?.(span.fromMs, span.toMs)
  const byKey = new Map(
    spans
      .flatMap((span) => unjoinedEventsEndingBetween(db, span.fromMs, span.toMs, onUnreadable))
      .map((event) => [event.key, event]),
  )
  return [...byKey.values()].sort((a, b) => a.startMs - b.startMs)
}
