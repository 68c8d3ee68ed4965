// Test helper: the text of a fixture .ics file in test/fixtures/calendar (shared tests may not read files themselves).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const CALENDAR_FIXTURES = join(__dirname, '../fixtures/calendar')

export const calendarFixture = (name: string): string => readFileSync(join(CALENDAR_FIXTURES, name), 'utf8')
