// Before ical.js reads a file (it throws on the first bad line, losing every meeting): content
// lines it cannot read are dropped, components left open or closed twice are dropped whole, and
// what was dropped is counted. Several VCALENDARs become one. Only text with no VCALENDAR at all
// gives null.
import ICAL from 'ical.js'
import { tally, type SkipTally } from './types'

interface Open {
  name: string
  lines: string[]
}

/** Components that never nest in one another (only VALARM and the zone's parts nest). */
const ITEMS = new Set(['VEVENT', 'VTODO', 'VJOURNAL', 'VFREEBUSY', 'VTIMEZONE'])

/** Outlook writes its display names unquoted: the colon in "(UTC-05:00)" would end the parameter. */
const UNQUOTED_DISPLAY_TZID = /;TZID=(\((?:UTC|GMT)[^)]*\)[^:;"]*)(?=[:;])/i

export function sanitizeCalendarText(text: string, skipped: SkipTally): string | null {
  const stack: Open[] = []
  const calendarLines: string[] = []
  const children: string[] = []
  let sawCalendar = false
  for (const raw of unfold(text)) {
    if (raw.trim() === '') continue
    const marker = /^(BEGIN|END):([A-Za-z0-9-]+)\s*$/i.exec(raw)
    if (marker) {
      const name = (marker[2] ?? '').toUpperCase()
      if ((marker[1] ?? '').toUpperCase() === 'BEGIN') {
        if (name === 'VCALENDAR') {
          dropOpen(stack, 0, skipped)
          sawCalendar = true
        } else if (stack.length === 0) continue
        // A new event inside an event: the first one was never ended.
        if (ITEMS.has(name)) dropOpen(stack, 1, skipped)
        stack.push({ name, lines: [] })
      } else {
        const at = stack.map((open) => open.name).lastIndexOf(name)
        if (at < 0) {
          if (stack.length > 0) tally(skipped, 'unreadable line')
          continue
        }
        dropOpen(stack, at + 1, skipped)
        const closed = stack.pop() as Open
        if (closed.name === 'VCALENDAR') continue
        const block = [`BEGIN:${closed.name}`, ...closed.lines, `END:${closed.name}`]
        const parent = stack.at(-1)
        if (parent && parent.name !== 'VCALENDAR') parent.lines.push(...block)
        else children.push(...block)
      }
      continue
    }
    const open = stack.at(-1)
    if (!open) continue // outside any calendar: not part of it
    const line = raw.replace(UNQUOTED_DISPLAY_TZID, ';TZID="$1"')
    if (!readable(line)) {
      tally(skipped, 'unreadable line')
      continue
    }
    if (open.name === 'VCALENDAR') calendarLines.push(line)
    else open.lines.push(line)
  }
  // A calendar missing its END is still a calendar; anything else left open is not trusted.
  dropOpen(stack, 1, skipped)
  if (!sawCalendar) return null
  return ['BEGIN:VCALENDAR', ...calendarLines, ...children, 'END:VCALENDAR', ''].join('\r\n')
}

/** Drops the components open above `depth` (never ended), counting each. */
function dropOpen(stack: Open[], depth: number, skipped: SkipTally): void {
  while (stack.length > depth) {
    const dropped = stack.pop() as Open
    if (dropped.name !== 'VCALENDAR') tally(skipped, 'broken component')
  }
}

/** RFC 5545 3.1: a line starting with a space or tab continues the one before. */
function unfold(text: string): string[] {
  const lines: string[] = []
  for (const line of text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && lines.length > 0) lines[lines.length - 1] += line.slice(1)
    else lines.push(line)
  }
  return lines
}

function readable(line: string): boolean {
  try {
    ICAL.parse.property(line)
    return true
  } catch {
    return false
  }
}
