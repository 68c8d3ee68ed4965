// Which VEVENTs are one event: by UID, or, for the UID-less events Outlook on the web publishes,
// by a key made from what the event says (so it is the same on every refresh, and two different
// meetings at one moment stay two). Among versions of one event or one override, the highest
// SEQUENCE wins, then the latest DTSTAMP (RFC 5545 3.8.7.4), then the last one in the file.
import type ICAL from 'ical.js'

type Component = InstanceType<typeof ICAL.Component>

const UID_MAX = 1000

export function eventUid(vevent: Component): string {
  const uid = String(vevent.getFirstPropertyValue('uid') ?? '').trim()
  if (uid !== '') return uid.length > UID_MAX ? `long-${hash(uid)}` : uid
  const content = ['dtstart', 'dtend', 'duration', 'rrule', 'summary', 'location', 'organizer', 'recurrence-id']
    .map((name) => vevent.getFirstProperty(name)?.toICALString() ?? '')
    .join('\n')
  return `nouid-${hash(content)}`
}

/** Whether `candidate` supersedes `current` (the same event or the same override). */
export function isNewerVersion(candidate: Component, current: Component): boolean {
  const sequence = (v: Component) => Number(v.getFirstPropertyValue('sequence') ?? 0) || 0
  if (sequence(candidate) !== sequence(current)) return sequence(candidate) > sequence(current)
  return stamp(candidate) >= stamp(current)
}

/** DTSTAMP as comparable text (always UTC, "YYYY-MM-DDTHH:MM:SSZ" once parsed); '' when absent. */
const stamp = (v: Component): string => String(v.getFirstProperty('dtstamp')?.jCal[3] ?? '')

/** cyrb53: a 53-bit string hash, enough to tell events apart within one calendar. */
function hash(text: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}
