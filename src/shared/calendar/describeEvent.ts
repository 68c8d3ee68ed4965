// What a VEVENT says about every occurrence it stands for — title, cancelled, free/busy, the
// user's own answer and the other attendees' domains — read once per component (expand.ts).
import type ICAL from 'ical.js'
import { DOMAINS_MAX, TITLE_MAX, truncate, type CalendarEventInstance, type PartStat } from './types'

type Component = InstanceType<typeof ICAL.Component>

/** Who the user is (their addresses and domains), and the components already described. */
interface Readers {
  described: Map<Component, EventDescription>
  me: Set<string>
  myDomains: Set<string>
}

export type EventDescription = Pick<
  CalendarEventInstance,
  'title' | 'cancelled' | 'transparent' | 'myStatus' | 'attendeeDomains'
>
/** What a VEVENT says about every occurrence it stands for: read once per component, not per occurrence. */
export function describeEvent(vevent: Component, read: Readers): EventDescription {
  const known = read.described.get(vevent)
  if (known) return known
  const { myStatus, domains } = attendance(vevent, read)
  const description: EventDescription = {
    title: truncate(String(vevent.getFirstPropertyValue('summary') ?? '').trim(), TITLE_MAX),
    cancelled: String(vevent.getFirstPropertyValue('status') ?? 'CONFIRMED').toLowerCase() === 'cancelled',
    transparent: String(vevent.getFirstPropertyValue('transp') ?? 'OPAQUE').toUpperCase() === 'TRANSPARENT',
    myStatus,
    attendeeDomains: domains,
  }
  read.described.set(vevent, description)
  return description
}

function attendance(vevent: Component, read: Readers): { myStatus: PartStat | null; domains: string[] } {
  let myStatus: PartStat | null = null
  const domains = new Set<string>()
  const people = [...vevent.getAllProperties('attendee'), ...vevent.getAllProperties('organizer')]
  for (const property of people) {
    const email = String(property.getFirstValue() ?? '')
      .replace(/^mailto:/i, '')
      .trim()
      .toLowerCase()
    if (read.me.has(email)) {
      if (property.name === 'attendee') myStatus = partStat(property.getParameter('partstat'))
      continue
    }
    const domain = domainOf(email)
    if (domain && !read.myDomains.has(domain)) domains.add(domain)
  }
  return {
    myStatus,
    domains: [...domains]
      .filter((d) => d.length <= 255)
      .sort()
      .slice(0, DOMAINS_MAX),
  }
}

function partStat(value: unknown): PartStat {
  const text = String(value ?? 'NEEDS-ACTION').toLowerCase()
  return text === 'accepted' || text === 'declined' || text === 'tentative' ? text : 'needs-action'
}

export const domainOf = (email: string): string | null => {
  const at = email.lastIndexOf('@')
  return at > 0 && at < email.length - 1 ? email.slice(at + 1) : null
}
