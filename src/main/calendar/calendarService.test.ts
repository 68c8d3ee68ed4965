import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../../../test/support/manualClock'
import { createStderrLogger, silentLogger } from '../base/logger'
import { createMemorySecretStore, type SecretStore } from '../base/secretStore'
import { closeDatabase, openDatabase, type WritableDB } from '../store/database'
import { defaultSettings } from '../../shared/domain'
import { calendarFixture } from '../../../test/support/calendarFixture'
import { inProcessCalendarExpand } from '../../../test/support/calendarExpand'
import { hugeCalendar } from '../../../test/support/hugeCalendar'
import type { ExpandRequest } from '../../shared/calendar/expander'
import { startIcsServer, type IcsServer } from '../../../test/support/icsServer'
import { CalendarInputError, createCalendarService, type CalendarService } from './calendarService'

const NOW = Date.parse('2026-05-20T12:00:00Z')
let db: WritableDB
let server: IcsServer
let service: CalendarService
let secretStore: SecretStore

beforeEach(async () => {
  db = openDatabase(':memory:')
  server = await startIcsServer(calendarFixture('weekly-new-york.ics'))
  secretStore = createMemorySecretStore()
  service = createCalendarService({
    db,
    clock: createManualClock(NOW),
    logger: silentLogger,
    fetch,
    secretStore,
    settings: defaultSettings,
    expand: inProcessCalendarExpand(),
  })
})
afterEach(async () => {
  await service.stop()
  await server.close()
  closeDatabase(db)
})

describe('an ICS subscription', () => {
  it('is fetched when added, then asked conditionally: an unchanged calendar is not downloaded again', async () => {
    const added = await service.addUrl({ url: server.url, myEmails: ['me@ourfirm.com'] })
    expect(added).toMatchObject({
      kind: 'url',
      fetch_state: 'ok',
      last_error: null,
      event_count: 5,
      my_emails: ['me@ourfirm.com'],
    })
    expect(server.requests[0]?.['if-none-match']).toBeUndefined()

    const [refreshed] = await service.refreshAll()
    expect(server.requests[1]).toMatchObject({
      'if-none-match': '"v1"',
      'if-modified-since': 'Fri, 01 May 2026 00:00:00 GMT',
    })
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
    expect(failed).toMatchObject({
      fetch_state: 'failed',
      last_error: 'the calendar server answered HTTP 503 Service Unavailable',
      event_count: 5,
    })
    expect(
      (await service.laneEvents(Date.parse('2026-05-11T00:00:00Z'), Date.parse('2026-05-12T00:00:00Z'))).map(
        (e) => e.title,
      ),
    ).toEqual(['Smith v. Jones – strategy'])
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
    await expect(service.addUrl({ url: 'ftp://calendar.example.com/me.ics', myEmails: [] })).rejects.toThrow(
      CalendarInputError,
    )
    await service.addUrl({ url: server.url, myEmails: [] })
    await expect(service.addUrl({ url: server.url, myEmails: [] })).rejects.toThrow(/already added/)
    expect(service.list()).toHaveLength(1)
  })
})

describe('a subscription URL (it usually embeds a secret)', () => {
  it('never appears in what the service returns or logs, whatever fails', async () => {
    const logged: string[] = []
    const logging = createCalendarService({
      db,
      clock: createManualClock(NOW),
      logger: createStderrLogger((line) => void logged.push(line)),
      fetch,
      secretStore,
      settings: defaultSettings,
      expand: inProcessCalendarExpand(),
    })
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
    db.prepare(
      "INSERT INTO calendar_sources (id, kind, location, created_at) VALUES ('old', 'url', ?, '2026-05-01T00:00:00Z')",
    ).run(`${server.url}?token=legacy-1`)
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
      expand: inProcessCalendarExpand(),
      settings: defaultSettings,
    })
    db.prepare(
      "INSERT INTO calendar_sources (id, kind, location, created_at) VALUES ('old', 'url', ?, '2026-05-01T00:00:00Z')",
    ).run(server.url)
    expect((await locked.refreshAll())[0]).toMatchObject({ fetch_state: 'ok', event_count: 5 })
    expect(db.prepare("SELECT location FROM calendar_sources WHERE id = 'old'").get()).toEqual({ location: server.url })
    await locked.stop()
  })

  it('says so when this machine’s secret store does not have it, and keeps the calendar', async () => {
    const added = await service.addUrl({ url: server.url, myEmails: [] })
    await secretStore.delete(`calendar_url@${added.id}`)
    const [failed] = await service.refreshAll()
    expect(failed).toMatchObject({
      fetch_state: 'failed',
      event_count: 5,
      last_error: expect.stringMatching(/not in the secret store/) as string,
    })
  })
})

describe('an .ics file', () => {
  it('is expanded and kept; removing it removes its events', async () => {
    const added = await service.addFile({
      location: 'statuses.ics',
      text: calendarFixture('weekly-new-york.ics'),
      myEmails: [],
    })
    expect(added).toMatchObject({ kind: 'file', fetch_state: 'ok', event_count: 5 })
    expect(service.remove(added.id)).toBe(true)
    expect(service.list()).toEqual([])
    expect(await service.laneEvents(0, Number.MAX_SAFE_INTEGER)).toEqual([])
  })

  it('that is not a calendar is refused with the reason, and nothing is stored', async () => {
    await expect(service.addFile({ location: 'notes.txt', text: 'hello', myEmails: [] })).rejects.toThrow(
      /notes.txt: not an iCalendar file/,
    )
    expect(service.list()).toEqual([])
  })

  it('lane shows only the meetings the skip settings keep', async () => {
    await service.addFile({
      location: 'statuses.ics',
      text: calendarFixture('statuses.ics').replace(/2026060/g, '2026052'),
      myEmails: ['me@ourfirm.com'],
    })
    expect(
      (await service.laneEvents(Date.parse('2026-05-21T00:00:00Z'), Date.parse('2026-05-24T00:00:00Z'))).map(
        (e) => e.title,
      ),
    ).toEqual(['Acme kickoff'])
  })
})

describe('occurrences on demand (#23)', () => {
  const PAST = calendarFixture('past-2024-new-york.ics')
  const day = (date: string) => [Date.parse(`${date}T00:00:00Z`), Date.parse(`${date}T00:00:00Z`) + 86_400_000] as const
  /** the service with its expansion requests recorded (the ones that expand a range) */
  function recordingService(options: { expansionBudget?: { perSourceMs: number; totalMs: number } } = {}) {
    const inner = inProcessCalendarExpand()
    const requests: ExpandRequest[] = []
    const recorded = createCalendarService({
      db,
      clock: createManualClock(NOW),
      logger: silentLogger,
      fetch,
      secretStore: createMemorySecretStore(),
      settings: defaultSettings,
      expand: (request) => {
        if (request.ranges.length > 0) requests.push(request)
        return inner(request)
      },
      ...options,
    })
    return { service: recorded, requests }
  }

  it('serves a day two years back, expanded once per week and then read from the store', async () => {
    const { service: calendars, requests } = recordingService()
    const added = await calendars.addFile({ location: 'work.ics', text: PAST, myEmails: ['me@ourfirm.com'] })
    expect(added).toMatchObject({
      event_count: 0,
      contents: {
        events: 2,
        first_start_at: '2024-01-08T15:00:00Z',
        last_end_at: '2024-06-24T15:00:00Z',
        open_ended: false,
      },
    })
    const asked = requests.length
    expect((await calendars.laneEvents(...day('2024-03-04'))).map((e) => [e.started_at, e.title])).toEqual([
      ['2024-03-04T15:00:00Z', 'Smith v. Jones – weekly strategy'],
      ['2024-03-04T20:00:00Z', 'Deposition prep (moved)'],
    ])
    expect(requests).toHaveLength(asked + 1)
    // The same week again, another day of it: nothing to expand.
    expect((await calendars.laneEvents(...day('2024-03-05'))).map((e) => e.title)).toEqual([])
    await calendars.laneEvents(...day('2024-03-04'))
    expect(requests).toHaveLength(asked + 1)
    await calendars.stop()
  })

  it('drops what it expanded when the file changes, and keeps it when the same file is added again', async () => {
    const { service: calendars, requests } = recordingService()
    await calendars.addFile({ location: 'work.ics', text: PAST, myEmails: [] })
    await calendars.laneEvents(...day('2024-03-04'))
    const asked = requests.length
    await calendars.addFile({ location: 'work.ics', text: PAST, myEmails: [] })
    expect((await calendars.laneEvents(...day('2024-03-04'))).map((e) => e.title)).toContain('Deposition prep (moved)')
    expect(requests.length).toBe(asked)

    await calendars.addFile({
      location: 'work.ics',
      text: PAST.replace('Deposition prep (moved)', 'Deposition prep (cancelled call)'),
      myEmails: [],
    })
    expect((await calendars.laneEvents(...day('2024-03-04'))).map((e) => e.title)).toEqual([
      'Smith v. Jones – weekly strategy',
      'Deposition prep (cancelled call)',
    ])
    expect(requests.length).toBeGreaterThan(asked)
    await calendars.stop()
  })

  it('keeps a subscription’s expanded weeks through unchanged refreshes and drops them when the server sends a new text', async () => {
    const { service: calendars, requests } = recordingService()
    server.publish(PAST)
    await calendars.addUrl({ url: server.url, myEmails: [] })
    await calendars.laneEvents(...day('2024-03-04'))
    const asked = requests.length
    const [unchanged] = await calendars.refreshAll()
    expect(unchanged?.fetch_state).toBe('not_modified')
    await calendars.laneEvents(...day('2024-03-04'))
    expect(requests.length).toBe(asked)

    server.publish(PAST.replace('SUMMARY:Deposition prep (moved)', 'SUMMARY:Deposition prep (final)'))
    const [changed] = await calendars.refreshAll()
    expect(changed).toMatchObject({ fetch_state: 'ok', event_count: 0 })
    expect((await calendars.laneEvents(...day('2024-03-04'))).map((e) => e.title)).toEqual([
      'Smith v. Jones – weekly strategy',
      'Deposition prep (final)',
    ])
    await calendars.stop()
  })

  it('gives up on a calendar too big for its budget, shows it on the source and does not try again until it changes', async () => {
    const { service: calendars, requests } = recordingService({ expansionBudget: { perSourceMs: 1, totalMs: 1 } })
    const added = await calendars.addFile({ location: 'busy.ics', text: hugeCalendar(30), myEmails: [] })
    expect(added.contents).toMatchObject({ events: 30, first_start_at: '2015-01-05T07:00:00Z', open_ended: true })
    const years = [Date.parse('2015-01-01T00:00:00Z'), Date.parse('2024-12-31T00:00:00Z')] as const
    await calendars.ensureRange(...years)
    const [source] = calendars.list()
    expect(source?.expansion_cut_short).toBeGreaterThanOrEqual(1)
    const asked = requests.length
    await calendars.ensureRange(...years)
    expect(requests.length).toBe(asked)
    await calendars.stop()
  })
})
