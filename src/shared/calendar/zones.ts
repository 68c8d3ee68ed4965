// TZID → a real IANA zone, whatever the tool that wrote the file called it: IANA names (any
// case, old aliases), Windows names ("Pacific Standard Time"), Outlook display names
// ("(UTC-05:00) Eastern Time (US & Canada)"), and names behind a vendor prefix
// ("/mozilla.org/20070129_1/America/New_York"). The VTIMEZONE definitions come from
// timezones-ical-library (current rules only: a zone that changed its rules is read by the new
// ones). A name none of these explain resolves to null: the caller decides (X-WR-TIMEZONE, then
// "zone unknown"), it is never read as the machine's zone.
import ICAL from 'ical.js'
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library'
import { IANA_ALIAS_MAP, WINDOWS_TO_IANA_MAP } from 'windows-iana'

let ianaByLowerName: Map<string, string> | null = null
let ianaByWindowsName: Map<string, string> | null = null
let ianaByCity: Map<string, string> | null = null

function ianaNames(): Map<string, string> {
  if (ianaByLowerName) return ianaByLowerName
  const names = new Map<string, string>()
  for (const name of tzlib_get_timezones(false) as string[]) names.set(name.toLowerCase(), name)
  // Old or alternative spellings the library does not carry, through their canonical name.
  for (const { alias } of IANA_ALIAS_MAP) {
    const known = alias.map((a) => names.get(a.toLowerCase())).find((n) => n !== undefined)
    if (known) for (const a of alias) if (!names.has(a.toLowerCase())) names.set(a.toLowerCase(), known)
  }
  ianaByLowerName = names
  return names
}

function windowsNames(): Map<string, string> {
  if (ianaByWindowsName) return ianaByWindowsName
  const names = new Map<string, string>()
  // Territory 001 is the zone Windows means by the name; other territories only add cities.
  for (const entry of WINDOWS_TO_IANA_MAP) {
    const iana = entry.iana.map((n) => ianaNames().get(n.toLowerCase())).find((n) => n !== undefined)
    if (iana && (entry.territory === '001' || !names.has(entry.windowsName.toLowerCase())))
      names.set(entry.windowsName.toLowerCase(), iana)
  }
  ianaByWindowsName = names
  return names
}

function cities(): Map<string, string> {
  if (ianaByCity) return ianaByCity
  const byCity = new Map<string, string>()
  for (const name of new Set(ianaNames().values())) {
    const city = name.split('/').at(-1)?.replace(/_/g, ' ').toLowerCase()
    if (city && name.includes('/') && !byCity.has(city)) byCity.set(city, name)
  }
  ianaByCity = byCity
  return byCity
}

/** Outlook display names that name a region rather than cities, by their Windows zone. */
const REGION_DISPLAY_NAMES: Record<string, string> = {
  'eastern time (us & canada)': 'Eastern Standard Time',
  'central time (us & canada)': 'Central Standard Time',
  'mountain time (us & canada)': 'Mountain Standard Time',
  'pacific time (us & canada)': 'Pacific Standard Time',
  'atlantic time (canada)': 'Atlantic Standard Time',
  alaska: 'Alaskan Standard Time',
  hawaii: 'Hawaiian Standard Time',
  arizona: 'US Mountain Standard Time',
  'indiana (east)': 'US Eastern Standard Time',
  saskatchewan: 'Canada Central Standard Time',
  newfoundland: 'Newfoundland Standard Time',
  brasilia: 'E. South America Standard Time',
  'coordinated universal time': 'UTC',
  'central america': 'Central America Standard Time',
  'greenwich mean time': 'GMT Standard Time',
}

const DISPLAY_NAME = /^\((?:UTC|GMT)\s*(?:([+-])(\d{1,2}):?(\d{2}))?\)\s*(.+)$/i

/** "(UTC-05:00) Eastern Time (US & Canada)" or "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris". */
function fromDisplayName(name: string): string | null {
  const match = DISPLAY_NAME.exec(name)
  if (!match) return null
  const [, sign, hours, minutes, rest = ''] = match
  const offsetMinutes = sign ? (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) : 0
  const region = rest.trim().toLowerCase()
  const windows = REGION_DISPLAY_NAMES[region] ?? REGION_DISPLAY_NAMES[region.split(/\s*:\s*/)[0] ?? '']
  if (windows) return windowsNames().get(windows.toLowerCase()) ?? null
  // The first listed city that is an IANA zone with the offset the name shows.
  for (const city of region.split(/\s*[,:]\s*/)) {
    const iana = cities().get(city.trim())
    if (iana && hasStandardOffset(iana, offsetMinutes)) return iana
  }
  return null
}

/** The name's offset is its standard one: the smaller of January's and July's (DST adds). */
function hasStandardOffset(iana: string, offsetMinutes: number): boolean {
  try {
    const offsets = ['2026-01-15T12:00:00Z', '2026-07-15T12:00:00Z'].map((at) => offsetAt(iana, Date.parse(at)))
    return Math.min(...offsets) === offsetMinutes
  } catch {
    return false
  }
}

function offsetAt(iana: string, ms: number): number {
  const text = new Intl.DateTimeFormat('en-US', { timeZone: iana, timeZoneName: 'longOffset' }).format(ms)
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(text)
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0
}

/** The IANA zone a TZID means, or null when nothing explains the name. */
export function resolveZoneName(tzid: string): string | null {
  const name = tzid
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
  if (name === '') return null
  const lower = name.toLowerCase()
  const direct = ianaNames().get(lower) ?? windowsNames().get(lower)
  if (direct) return direct
  if (lower === 'z' || lower === 'gmt' || lower === 'utc') return ianaNames().get('etc/utc') ?? null
  const display = fromDisplayName(name)
  if (display) return display
  // A vendor prefix before the IANA name: the longest tail that is a zone.
  const parts = name.split('/').filter((part) => part !== '')
  for (let start = 1; start < parts.length; start++) {
    const tail = ianaNames().get(parts.slice(start).join('/').toLowerCase())
    if (tail) return tail
  }
  return null
}

/** The VTIMEZONE text ical.js reads for an IANA name from resolveZoneName. */
export function vtimezoneText(iana: string): string {
  const block = tzlib_get_ical_block(iana, false)
  if (!Array.isArray(block) || typeof block[0] !== 'string') throw new Error(`no time zone definition for ${iana}`)
  return block[0]
}

type Component = InstanceType<typeof ICAL.Component>

/**
 * Points every TZID the file does not define at the IANA zone it means (the calendar's
 * X-WR-TIMEZONE when nothing explains the name) and adds that zone's definition, so ical.js
 * never falls back to the machine's zone. Returns the TZIDs still unexplained.
 */
export function attachZones(calendar: Component): Set<string> {
  const defined = new Set(
    calendar.getAllSubcomponents('vtimezone').map((zone) => String(zone.getFirstPropertyValue('tzid') ?? '')),
  )
  const calendarZone = resolveZoneName(String(calendar.getFirstPropertyValue('x-wr-timezone') ?? ''))
  const meaning = new Map<string, string | null>()
  const unknown = new Set<string>()
  const visit = (component: Component) => {
    if (component.name === 'vtimezone') return
    for (const property of component.getAllProperties()) {
      const param = property.getParameter('tzid')
      // A name with commas may come back as a list of values: it is still one name.
      const tzid = Array.isArray(param) ? param.join(',') : param
      if (typeof tzid !== 'string' || defined.has(tzid)) continue
      if (!meaning.has(tzid)) meaning.set(tzid, resolveZoneName(tzid) ?? calendarZone)
      const iana = meaning.get(tzid)
      if (!iana) {
        unknown.add(tzid)
        continue
      }
      if (!defined.has(iana)) {
        const zone = ICAL.Component.fromString(vtimezoneText(iana))
        // Linked zones come back under their target's name (Europe/Stockholm as Europe/Berlin).
        zone.updatePropertyWithValue('tzid', iana)
        calendar.addSubcomponent(zone)
        defined.add(iana)
      }
      property.setParameter('tzid', iana)
    }
    for (const child of component.getAllSubcomponents()) visit(child)
  }
  for (const child of [...calendar.getAllSubcomponents()]) visit(child)
  return unknown
}
