// The calendar badge of a calendar-backed suggestion (#16): a word and an icon, not colour only;
// the title names the meeting (local data, like window titles).
import { z } from 'zod'

const CalendarContext = z.object({ kind: z.enum(['meeting', 'calendar_only', 'worked_through']), title: z.string() })

const LABELS = {
  meeting: 'Calendar',
  calendar_only: 'Calendar only',
  worked_through: 'Worked through meeting',
} as const

export function CalendarBadge({ calendar }: { calendar: unknown }) {
  const parsed = CalendarContext.safeParse(calendar)
  if (!parsed.success) return null
  const { kind, title } = parsed.data
  return (
    <span className="badge badge--calendar" data-testid="calendar-badge" title={`From your calendar: '${title}'`}>
      <span aria-hidden="true">📅 </span>
      {LABELS[kind]}
    </span>
  )
}
