import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCliInProcess } from '../../../../test/support/cliRun'
import { CALENDAR_FIXTURES, calendarFixture } from '../../../../test/support/calendarFixture'
import { startIcsServer, type IcsServer } from '../../../../test/support/icsServer'
import { EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, EXIT_UNREACHABLE, EXIT_USAGE } from '../command'

let dir: string
let db: string
let server: IcsServer
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billops-calendar-cli-'))
  db = join(dir, 'db.sqlite')
  server = await startIcsServer(calendarFixture('day-with-meetings.ics'))
})
afterEach(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const cli = async (...args: string[]) => {
  const result = await runCliInProcess(['calendar', ...args])
  return { ...result, json: result.stdout ? (JSON.parse(result.stdout) as unknown) : null }
}

describe('billops calendar', () => {
  it('adds an .ics file with the user’s addresses, lists it and removes it', async () => {
    const file = join(CALENDAR_FIXTURES, 'day-with-meetings.ics')
    const added = await cli('add', '--db', db, '--ics', file, '--me', 'Me@OurFirm.com', '--me', 'me@home.example')
    expect(added.code).toBe(EXIT_OK)
    expect(added.json).toMatchObject({ kind: 'file', location: file, my_emails: ['me@ourfirm.com', 'me@home.example'], fetch_state: 'ok' })
    const listed = await cli('list', '--db', db)
    expect(listed.json).toEqual([added.json])
    const id = (added.json as { id: string }).id
    expect((await cli('remove', '--db', db, '--id', id)).json).toEqual({ removed: id })
    expect((await cli('list', '--db', db)).json).toEqual([])
    expect(await cli('remove', '--db', db, '--id', id)).toMatchObject({ code: EXIT_FAILURE, stderr: `error: no calendar ${id}\n` })
  })

  it('adds a subscription and refreshes it; a failing server is exit 5 with the reason, the calendar kept', async () => {
    expect((await cli('add', '--db', db, '--url', server.url)).json).toMatchObject({ kind: 'url', fetch_state: 'ok' })
    expect((await cli('refresh', '--db', db)).json).toMatchObject([{ fetch_state: 'not_modified' }])
    server.failWith(502)
    const failed = await cli('refresh', '--db', db)
    expect(failed.code).toBe(EXIT_PARTIAL)
    expect(failed.stderr).toMatch(/HTTP 502/)
    expect(failed.json).toMatchObject([{ fetch_state: 'failed', event_count: expect.any(Number) as number }])
  })

  it('keeps a subscription whose first fetch failed and exits 3 (retry later, nothing lost)', async () => {
    server.failWith(503)
    const added = await cli('add', '--db', db, '--url', server.url)
    expect(added.code).toBe(EXIT_UNREACHABLE)
    expect((await cli('list', '--db', db)).json).toMatchObject([{ fetch_state: 'failed' }])
  })

  it('refuses bad arguments and files that are not calendars, with the reason', async () => {
    expect((await cli('add', '--db', db, '--url', 'http://calendar.example.com/x.ics')).code).toBe(EXIT_USAGE)
    expect((await cli('add', '--db', db)).stderr).toMatch(/exactly one of --ics FILE or --url URL/)
    expect((await cli('add', '--db', db, '--ics', 'x.ics', '--me', 'not-an-address')).code).toBe(EXIT_USAGE)
    expect((await cli('frobnicate', '--db', db)).code).toBe(EXIT_USAGE)
    const notes = join(dir, 'notes.ics')
    writeFileSync(notes, 'hello')
    expect(await cli('add', '--db', db, '--ics', notes)).toMatchObject({ code: EXIT_FAILURE, stderr: `error: ${notes}: not an iCalendar file (no BEGIN:VCALENDAR)\n` })
    expect(await cli('add', '--db', db, '--ics', join(dir, 'missing.ics'))).toMatchObject({ code: EXIT_USAGE, stderr: `error: no file at ${join(dir, 'missing.ics')} (--ics); check the path\n` })
  })
})
