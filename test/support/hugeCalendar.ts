// A busy calendar as Outlook exports one: `series` recurring meetings in Europe/Berlin (with its
// DST rules), all started in January 2015 and never ending — daily, weekdays only, and weekly.
// The calendar that must not cost seconds to expand (#23).
const VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:W. Europe Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
]

const RULES = ['FREQ=DAILY', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR', 'FREQ=WEEKLY;BYDAY=MO,WE,FR', 'FREQ=DAILY;INTERVAL=2']

export function hugeCalendar(series = 30): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:Microsoft Exchange Server 2010',
    'VERSION:2.0',
    'METHOD:PUBLISH',
    ...VTIMEZONE,
  ]
  for (let n = 0; n < series; n++) {
    const hour = String(8 + (n % 10)).padStart(2, '0')
    const minute = n % 20 < 10 ? '00' : '30'
    lines.push(
      'BEGIN:VEVENT',
      `UID:040000008200E00074C5B7101A82E0080000000${String(n).padStart(4, '0')}`,
      `SUMMARY;LANGUAGE=en-US:Standing meeting ${n + 1}`,
      // Monday 5 January 2015: a weekday, so every rule's first day is one of its own.
      `DTSTART;TZID=W. Europe Standard Time:20150105T${hour}${minute}00`,
      `DTEND;TZID=W. Europe Standard Time:20150105T${hour}${minute === '00' ? '25' : '55'}00`,
      `RRULE:${RULES[n % RULES.length]}`,
      'CLASS:PUBLIC',
      'PRIORITY:5',
      'DTSTAMP:20150101T080000Z',
      'TRANSP:OPAQUE',
      'STATUS:CONFIRMED',
      'SEQUENCE:0',
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR')
  return lines.join('\r\n') + '\r\n'
}
