import { describe, expect, it } from 'vitest'
import { decodeCalendarBytes } from './decode'

const ascii = (text: string) => [...text].map((ch) => ch.charCodeAt(0))
const utf16 = (text: string, littleEndian: boolean) =>
  [...text].flatMap((ch) => {
    const code = ch.charCodeAt(0)
    return littleEndian ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff]
  })

describe('decoding an .ics file', () => {
  it('reads UTF-16 with a BOM, either byte order (Windows Calendar)', () => {
    const text = 'BEGIN:VCALENDAR\r\nSUMMARY:Möte\r\n'
    expect(decodeCalendarBytes(Uint8Array.from([0xff, 0xfe, ...utf16(text, true)]))).toEqual({
      text,
      encoding: 'utf-16le',
    })
    expect(decodeCalendarBytes(Uint8Array.from([0xfe, 0xff, ...utf16(text, false)]))).toEqual({
      text,
      encoding: 'utf-16be',
    })
  })

  it('drops a UTF-8 BOM and keeps valid UTF-8 as it is', () => {
    const bytes = new TextEncoder().encode('SUMMARY:Réunion – équipe')
    expect(decodeCalendarBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes])).text).toBe('SUMMARY:Réunion – équipe')
    expect(decodeCalendarBytes(bytes)).toEqual({ text: 'SUMMARY:Réunion – équipe', encoding: 'utf-8' })
  })

  it('reads bytes that are not UTF-8 as Windows-1252, its punctuation included', () => {
    // "Möte kontoret – Åkesson €" as Outlook 2010 wrote it
    const bytes = Uint8Array.from([
      ...ascii('M'),
      0xf6,
      ...ascii('te kontoret '),
      0x96,
      ...ascii(' '),
      0xc5,
      ...ascii('kesson '),
      0x80,
    ])
    expect(decodeCalendarBytes(bytes)).toEqual({ text: 'Möte kontoret – Åkesson €', encoding: 'windows-1252' })
  })
})
