import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../base/clock'
import { createStderrLogger, silentLogger } from '../base/logger'
import { createMemorySecretStore, type SecretStore } from '../base/secretStore'
import { closeDatabase, openDatabase, type Database } from '../store/database'
import { defaultSettings } from '../../shared/domain'
import { calendarFixture } from '../../../test/support/calendarFixture'
import { startIcsServer, type IcsServer } from '../../../test/support/icsServer'
import { CalendarInputError, createCalendarService, type CalendarService } from './calendarService'

const NOW = Date.parse('2026-05-20T12:00:00Z')
let db: Database
let server: IcsServer
let service: CalendarService
let secretStore: SecretStore

beforeEach(async () => {
  db = openDatabase(':memory:')
  server = await startIcsServer(calendarFixture('weekly-new-york.ics'))
  secretStore = createMemorySecretStore()
  service = createCalendarService({ db, clock: createManualClock(NOW), logger: silentLogger, fetch, secretStore, settings: defaultSettings })
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
    expect(service.laneEvents(Date.parse('2026-05-11T00:00:00Z'), Date.parse('2026-05-12T00:00:00Z')).map((e) => e.title)).toEqual(['Smith v. Jones – strategy'])
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

describe('a subscription URL (it usually embeds a secret)', () => {
  it('never appears in what the service returns or logs, whatever fails', async () => {
    const logged: string[] = []
    const logging = createCalendarService({ db, clock: createManualClock(NOW), logger: createStderrLogger((line) => void logged.push(line)), fetch, secretStore, settings: defaultSettings })
    const secretUrl = `${server.url}?token=s3cr3t-77`
    const returned: unknown[] = [await logging.addUrl({ url: secretUrl, myEmails: [] })]
    server.failWith(500)
    returned.push(await logging.refreshAll())
    server.publish('<html>Sign in</html>')
    server.failWith(null)
    returned.push(await logging.refreshAll())
    await server.close()
    returned.push(await logging.refreshAll(), logging.list())
    await logging.stop()
    expect(logged.length).toBeGreaterThan(0)
    expect(JSON.stringify([returned, logged])).not.toContain('s3cr3t')
    expect(logging.list()[0]?.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/… \(#[0-9a-f]{8}\)$/)
    server = await startIcsServer(calendarFixture('weekly-new-york.ics'))
  })
})

describe('where a subscription URL is kept', () => {
  it('in the secret store, never in the database; removing the calendar removes it', async () => {
    const secretUrl = `${server.url}?token=s3cr3t-88`
    const added = await service.addUrl({ url: secretUrl, myEmails: [] })
    expect(added.fetch_state).toBe('ok')
    expect(await secretStore.get(`calendar_url@${added.id}`)).toBe(secretUrl)
    expect(JSON.stringify(db.prepare('SELECT * FROM calendar_sources').all())).not.toContain('s3cr3t')
    expect((await service.refreshAll())[0]?.fetch_state).toBe('not_modified')
    await expect(service.addUrl({ url: secretUrl, myEmails: [] })).rejects.toThrow(/already added/)
    service.remove(added.id)
    await new Promise((resolve) => setImmediate(resolve))
    expect(await secretStore.get(`calendar_url@${added.id}`)).toBeNull()
  })

  it('a calendar stored with its URL before is moved to the secret store on its first refresh', async () => {
    db.prepare("INSERT INTO calendar_sources (id, kind, location, created_at) VALUES ('old', 'url', ?, '2026-05-01T00:00:00Z')").run(`${server.url}?token=legacy-1`)
    expect(service.list()[0]?.location).not.toContain('legacy-1')
    const [refreshed] = await service.refreshAll()
    expect(refreshed).toMatchObject({ fetch_state: 'ok', event_count: 5 })
    expect(await secretStore.get('calendar_url@old')).toBe(`${server.url}?token=legacy-1`)
    expect(JSON.stringify(db.prepare('SELECT * FROM calendar_sources').all())).not.toContain('legacy-1')
  })

  it('a calendar stored with its URL is still fetched while the secret store cannot take it (no keyring yet)', async () => {
    const locked = createCalendarService({
      db,
      clock: createManualClock(NOW),
      logger: silentLogger,
      fetch,
      secretStore: { ...secretStore, set: () => Promise.reject(new Error('encryption is not available')) },
      settings: defaultSettings,
    })
    db.prepare("INSERT INTO calendar_sources (id, kind, location, created_at) VALUES ('old', 'url', ?, '2026-05-01T00:00:00Z')").run(server.url)
    expect((await locked.refreshAll())[0]).toMatchObject({ fetch_state: 'ok', event_count: 5 })
    expect(db.prepare("SELECT location FROM calendar_sources WHERE id = 'old'").get()).toEqual({ location: server.url })
    await locked.stop()
  })

  it('says so when this machine’s secret store does not have it, and keeps the calendar', async () => {
    const added = await service.addUrl({ url: server.url, myEmails: [] })
    await secretStore.delete(`calendar_url@${added.id}`)
    const [failed] = await service.refreshAll()
    expect(failed).toMatchObject({ fetch_state: 'failed', event_count: 5, last_error: expect.stringMatching(/not in the secret store/) as string })
  })
})

describe('an .ics file', () => {
  it('is expanded and kept; removing it removes its events', () => {
    const added = service.addFile({ location: 'statuses.ics', text: calendarFixture('weekly-new-york.ics'), myEmails: [] })
    expect(added).toMatchObject({ kind: 'file', fetch_state: 'ok', event_count: 5 })
    expect(service.remove(added.id)).toBe(true)
    expect(service.list()).toEqual([])
    expect(service.laneEvents(0, Number.MAX_SAFE_INTEGER)).toEqual([])
  })

  it('that is not a calendar is refused with the reason, and nothing is stored', () => {
    expect(() => service.addFile({ location: 'notes.txt', text: 'hello', myEmails: [] })).toThrow(/notes.txt: not an iCalendar file/)
    expect(service.list()).toEqual([])
  })

  it('lane shows only the meetings the skip settings keep', () => {
    service.addFile({ location: 'statuses.ics', text: calendarFixture('statuses.ics').replace(/2026060/g, '2026052'), myEmails: ['me@ourfirm.com'] })
    expect(service.laneEvents(Date.parse('2026-05-21T00:00:00Z'), Date.parse('2026-05-24T00:00:00Z')).map((e) => e.title)).toEqual(['Acme kickoff'])
  })
})
