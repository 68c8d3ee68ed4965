import { describe, expect, it } from 'vitest'
import { resolveZoneName, vtimezoneText } from './zones'

describe('what a TZID means', () => {
  it.each([
    ['America/Vancouver', 'America/Vancouver'],
    ['europe/paris', 'Europe/Paris'],
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['"(UTC-05:00) Eastern Time (US & Canada)"', 'America/New_York'],
    ['(UTC-05:00) Eastern Time (US & Canada)', 'America/New_York'],
    ['(GMT-08:00) Pacific Time (US & Canada)', 'America/Los_Angeles'],
    ['(UTC+01:00) Brussels, Copenhagen, Madrid, Paris', 'Europe/Brussels'],
    ['(UTC+09:00) Osaka, Sapporo, Tokyo', 'Asia/Tokyo'],
    ['(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi', 'Asia/Kolkata'],
    ['(UTC) Coordinated Universal Time', 'Etc/UTC'],
    ['/mozilla.org/20070129_1/America/New_York', 'America/New_York'],
    ['/softwarestudio.org/Olson_20011030_5/Europe/Berlin', 'Europe/Berlin'],
  ])('%s → %s', (tzid, zone) => {
    expect(resolveZoneName(tzid)).toBe(zone)
  })

  it('is unknown when nothing explains the name, and never the machine zone', () => {
    expect(resolveZoneName('Customized Time Zone')).toBeNull()
    expect(resolveZoneName('(UTC+03:00) Nowhere City')).toBeNull()
    expect(resolveZoneName('')).toBeNull()
  })

  it('comes with a definition ical.js can read', () => {
    expect(vtimezoneText('Europe/Paris')).toMatch(/^BEGIN:VTIMEZONE[\s\S]*TZOFFSETTO:\+0200[\s\S]*END:VTIMEZONE/)
  })
})
