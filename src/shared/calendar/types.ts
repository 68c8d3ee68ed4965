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
