import { describe, expect, it } from 'vitest'
import { sanitizeCalendarText } from './sanitize'
import type { SkipTally } from './types'

const event = (uid: string, extra = '') =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTART:20260505T100000Z\r\n${extra}END:VEVENT\r\n`

describe('making a calendar readable', () => {
  it('drops a stray line and keeps the event around it', () => {
    const skipped: SkipTally = {}
    const text = sanitizeCalendarText(
      `BEGIN:VCALENDAR\r\n${event('a', 'this line has no colon\r\n')}END:VCALENDAR\r\n`,
      skipped,
    )
    expect(text).toContain('UID:a')
    expect(text).not.toContain('no colon')
    expect(skipped).toEqual({ 'unreadable line': 1 })
  })

  it('drops an event that never ends, keeps the next one, and closes a calendar missing its END', () => {
    const skipped: SkipTally = {}
    const text = sanitizeCalendarText(`BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:broken\r\n${event('b')}`, skipped)
    expect(text).not.toContain('broken')
    expect(text).toMatch(/UID:b\r\n[\s\S]*END:VCALENDAR/)
    expect(skipped).toEqual({ 'broken component': 1 })
  })

  it('joins folded lines and quotes Outlook display names used as TZID', () => {
    const text = sanitizeCalendarText(
      'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=(UTC-05:00) Eastern Time (US\r\n  & Canada):20260505T100000\r\nEND:VEVENT\r\nEND:VCALENDAR',
      {},
    )
    expect(text).toContain('DTSTART;TZID="(UTC-05:00) Eastern Time (US & Canada)":20260505T100000')
  })

  it('takes the events of every VCALENDAR in the text, and refuses text with none', () => {
    const text = sanitizeCalendarText(
      `BEGIN:VCALENDAR\r\n${event('a')}END:VCALENDAR\r\nBEGIN:VCALENDAR\r\n${event('b')}END:VCALENDAR\r\n`,
      {},
    )
    expect(text?.match(/BEGIN:VCALENDAR/g)).toHaveLength(1)
    expect(text).toMatch(/UID:a[\s\S]*UID:b/)
    expect(sanitizeCalendarText(`<html>${event('a')}`, {})).toBeNull()
  })
})
