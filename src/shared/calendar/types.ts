// Calendar event instances as the app reads them (expanded, one per occurrence), and the
// settings that decide which count as time worth suggesting. Local only: never synced.
import { z } from 'zod'

export const PartStat = z.enum(['accepted', 'declined', 'tentative', 'needs-action'])
export type PartStat = z.infer<typeof PartStat>

export const CalendarEventInstance = z.object({
  /** stable per occurrence: UID + original start (RECURRENCE-ID) */
  key: z.string().min(1).max(1200),
  uid: z.string().max(1000),
  title: z.string().max(2000),
  startMs: z.number().finite(),
  endMs: z.number().finite(),
  allDay: z.boolean(),
  cancelled: z.boolean(),
  transparent: z.boolean(),
  /** the user's PARTSTAT when one of their addresses is an attendee */
  myStatus: PartStat.nullable(),
  /** domains of the other attendees and the organizer, sorted */
  attendeeDomains: z.array(z.string().max(255)).max(500),
})
export type CalendarEventInstance = z.infer<typeof CalendarEventInstance>

/** Titles are cut here when read from a file (a 3,000-character SUMMARY must never fail a read). */
export const TITLE_MAX = 1000
export const DOMAINS_MAX = 200
export const truncate = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`

/**
 * A stored event as the app reads it back: long fields cut (rows stored before they were cut
 * at reading), null when the row still is not an event (the caller skips and counts it).
 */
export function fitStoredEvent(value: unknown): CalendarEventInstance | null {
  if (typeof value !== 'object' || value === null) return null
  const event = { ...(value as Record<string, unknown>) }
  if (typeof event.title === 'string') event.title = truncate(event.title, TITLE_MAX)
  if (Array.isArray(event.attendeeDomains)) {
    event.attendeeDomains = event.attendeeDomains
      .filter((d) => typeof d === 'string' && d.length <= 255)
      .slice(0, DOMAINS_MAX)
  }
  const parsed = CalendarEventInstance.safeParse(event)
  return parsed.success ? parsed.data : null
}

/** Why part of a calendar was left out (each counted, shown with the calendar). */
export const CalendarSkipReason = z.enum([
  'unreadable line',
  'broken component',
  'unreadable event',
  'zone unknown',
  'impossible date',
  'malformed override',
  'too many occurrences',
])
export type CalendarSkipReason = z.infer<typeof CalendarSkipReason>
export const SkipTally = z.partialRecord(CalendarSkipReason, z.number().int().min(0))
export type SkipTally = z.infer<typeof SkipTally>

export function tally(skipped: SkipTally, reason: CalendarSkipReason, count = 1): void {
  skipped[reason] = (skipped[reason] ?? 0) + count
}

export const skippedTotal = (skipped: SkipTally): number => Object.values(skipped).reduce((sum, n) => sum + (n ?? 0), 0)

/** "3 skipped: 2 zone unknown, 1 unreadable line", or null when nothing was. */
export function describeSkipped(skipped: SkipTally): string | null {
  const parts = Object.entries(skipped).filter(([, n]) => (n ?? 0) > 0)
  if (parts.length === 0) return null
  return `${skippedTotal(skipped)} skipped: ${parts.map(([reason, n]) => `${n} ${reason}`).join(', ')}`
}
