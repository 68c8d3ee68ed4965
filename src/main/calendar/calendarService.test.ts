import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../base/clock'
import { silentLogger } from '../base/logger'
import { closeDatabase, openDatabase, type Database } from '../store/database'
import { defaultSettings } from '../../shared/domain'
import { calendarFixture } from '../../../test/support/calendarFixture'
import { inProcessCalendarExpand } from '../../../test/support/calendarExpand'
import { startIcsServer, type IcsServer } from '../../../test/support/icsServer'
import { CalendarInputError, createCalendarService, type CalendarService } from './calendarService'

const NOW = Date.parse('2026-05-20T12:00:00Z')
let db: Database
let server: IcsServer
let service: CalendarService

beforeEach(async () => {
  db = openDatabase(':memory:')
  server = await startIcsServer(calendarFixture('weekly-new-york.ics'))
  service = createCalendarService({ db, clock: createManualClock(NOW), logger: silentLogger, fetch, settings: defaultSettings, expand: inProcessCalendarExpand() })
})
afterEach(async () => {
  await service.stop()
  await server.close()
  closeDatabase(db)
})

describe('an ICS subscription', () => {
  it('is fetched when added, then asked conditionally: an unchanged calendar is not downloaded again', async () => {
    const added = await service.addUrl({ url: server.url, myEmails: ['me@ourfirm.com'] })
    expect(added).toMatchObject({ kind: 'url', fetch_state: 'ok', last_error: null, event_count: 5, my_emails: ['me@ourfirm.com'] })
    expect(server.requests[0]?.['if-none-match']).toBeUndefined()

    const [refreshed] = await service.refreshAll()
    expect(server.requests[1]).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Fri, 01 May 2026 00:00:00 GMT' })
    expect(refreshed).toMatchObject({ fetch_state: 'not_modified', event_count: 5 })
  })

  it('takes a changed calendar with its new validators', async () => {
    await service.addUrl({ url: server.url, myEmails: [] })
    server.publish(calendarFixture('statuses.ics').replace(/2026060/g, '2026052'))
    const [refreshed] = await service.refreshAll()
    expect(refreshed).toMatchObject({ fetch_state: 'ok', event_count: 6 })
    await service.refreshAll()
    expect(server.requests.at(-1)?.['if-none-match']).toBe('"v2"')
  })

  it('shows a failure with its reason and keeps the last good events', async () => {
    await service.addUrl({ url: server.url, myEmails: [] })
    server.failWith(503)
    const [failed] = await service.refreshAll()
    expect(failed).toMatchObject({ fetch_state: 'failed', last_error: 'the calendar server answered HTTP 503 Service Unavailable', event_count: 5 })
    expect((await service.laneEvents(Date.parse('2026-05-11T00:00:00Z'), Date.parse('2026-05-12T00:00:00Z'))).map((e) => e.title)).toEqual(['Smith v. Jones – strategy'])
    server.failWith(null)
    const [recovered] = await service.refreshAll()
    expect(recovered).toMatchObject({ fetch_state: 'not_modified', last_error: null })
  })

  it('does not take a page that is not a calendar, and says so', async () => {
    await service.addUrl({ url: server.url, myEmails: [] })
    server.publish('<html>Sign in</html>')
    const [failed] = await service.refreshAll()
    expect(failed?.fetch_state).toBe('failed')
    expect(failed?.last_error).toMatch(/did not return a calendar/)
    expect(failed?.event_count).toBe(5)
  })

  it('is added even when the first fetch fails, with the failure shown', async () => {
    server.failWith(500)
    const added = await service.addUrl({ url: server.url, myEmails: [] })
    expect(added).toMatchObject({ fetch_state: 'failed', event_count: 0 })
  })

  it('is refreshed as soon as the scheduler starts; a refresh asked meanwhile joins it', async () => {
    await service.addUrl({ url: server.url, myEmails: [] })
    service.startScheduler(3_600_000)
    const [source] = await service.refreshAll()
    expect(server.requests).toHaveLength(2)
    expect(source?.fetch_state).toBe('not_modified')
  })

  it('must be https except to this machine, and is added once', async () => {
    await expect(service.addUrl({ url: 'http://calendar.example.com/me.ics', myEmails: [] })).rejects.toThrow(/https/)
    await expect(service.addUrl({ url: 'ftp://calendar.example.com/me.ics', myEmails: [] })).rejects.toThrow(CalendarInputError)
    await service.addUrl({ url: server.url, myEmails: [] })
    await expect(service.addUrl({ url: server.url, myEmails: [] })).rejects.toThrow(/already added/)
    expect(service.list()).toHaveLength(1)
  })
})

describe('an .ics file', () => {
  it('is expanded and kept; removing it removes its events', async () => {
    const added = await service.addFile({ location: 'statuses.ics', text: calendarFixture('weekly-new-york.ics'), myEmails: [] })
    expect(added).toMatchObject({ kind: 'file', fetch_state: 'ok', event_count: 5 })
    expect(service.remove(added.id)).toBe(true)
    expect(service.list()).toEqual([])
    expect(await service.laneEvents(0, Number.MAX_SAFE_INTEGER)).toEqual([])
  })

  it('that is not a calendar is refused with the reason, and nothing is stored', async () => {
    await expect(service.addFile({ location: 'notes.txt', text: 'hello', myEmails: [] })).rejects.toThrow(/notes.txt: not an iCalendar file/)
    expect(service.list()).toEqual([])
  })

  it('lane shows only the meetings the skip settings keep', async () => {
    await service.addFile({ location: 'statuses.ics', text: calendarFixture('statuses.ics').replace(/2026060/g, '2026052'), myEmails: ['me@ourfirm.com'] })
    expect((await service.laneEvents(Date.parse('2026-05-21T00:00:00Z'), Date.parse('2026-05-24T00:00:00Z'))).map((e) => e.title)).toEqual(['Acme kickoff'])
  })
})
