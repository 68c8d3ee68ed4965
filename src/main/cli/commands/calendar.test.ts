import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
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

const cli = async (...args: string[]) => cliWith({}, ...args)
async function cliWith(input: { stdin?: string[]; env?: NodeJS.ProcessEnv }, ...args: string[]) {
  const result = await runCliInProcess(['calendar', ...args], input.stdin ?? [], input.env ?? {})
  const json = args[0] !== 'events' || args.includes('--json')
  return { ...result, json: result.stdout && json ? (JSON.parse(result.stdout) as unknown) : null }
}

describe('billops calendar', () => {
  it('adds an .ics file with the user’s addresses, lists it and removes it', async () => {
    const file = join(CALENDAR_FIXTURES, 'day-with-meetings.ics')
    const added = await cli('add', '--db', db, '--ics', file, '--me', 'Me@OurFirm.com', '--me', 'me@home.example')
    expect(added.code).toBe(EXIT_OK)
    expect(added.json).toMatchObject({
      kind: 'file',
      location: file,
      my_emails: ['me@ourfirm.com', 'me@home.example'],
      fetch_state: 'ok',
    })
    const listed = await cli('list', '--db', db)
    expect(listed.json).toEqual([added.json])
    const id = (added.json as { id: string }).id
    expect((await cli('remove', '--db', db, '--id', id)).json).toEqual({ removed: id })
    expect((await cli('list', '--db', db)).json).toEqual([])
    expect(await cli('remove', '--db', db, '--id', id)).toMatchObject({
      code: EXIT_FAILURE,
      stderr: `error: no calendar ${id}\n`,
    })
  })

  it('adds a subscription read from stdin and refreshes it; a failing server is exit 5 with the reason, the calendar kept', async () => {
    expect((await cliWith({ stdin: [`${server.url}\n`] }, 'add', '--db', db, '--url-file', '-')).json).toMatchObject({
      kind: 'url',
      fetch_state: 'ok',
    })
    expect((await cli('refresh', '--db', db)).json).toMatchObject([{ fetch_state: 'not_modified' }])
    server.failWith(502)
    const failed = await cli('refresh', '--db', db)
    expect(failed.code).toBe(EXIT_PARTIAL)
    expect(failed.stderr).toMatch(/HTTP 502/)
    expect(failed.json).toMatchObject([{ fetch_state: 'failed', event_count: expect.any(Number) as number }])
  })

  it('keeps a subscription whose first fetch failed and exits 3 (retry later, nothing lost)', async () => {
    server.failWith(503)
    const added = await cliWith({ env: { BILLOPS_CALENDAR_URL: server.url } }, 'add', '--db', db)
    expect(added.code).toBe(EXIT_UNREACHABLE)
    expect((await cli('list', '--db', db)).json).toMatchObject([{ fetch_state: 'failed' }])
  })

  it('refuses bad arguments and files that are not calendars, with the reason', async () => {
    const onArgv = await cli('add', '--db', db, '--url', 'https://calendar.example.com/private-abc123/basic.ics')
    expect(onArgv).toMatchObject({
      code: EXIT_USAGE,
      stderr: expect.stringMatching(/never on the command line/) as string,
    })
    expect(onArgv.stderr).not.toContain('private-abc123')
    const urlFile = join(dir, 'url.txt')
    writeFileSync(urlFile, 'http://calendar.example.com/x.ics\n')
    expect((await cli('add', '--db', db, '--url-file', urlFile)).code).toBe(EXIT_USAGE)
    expect((await cli('add', '--db', db)).stderr).toMatch(/exactly one of --ics FILE or --url-file/)
    expect((await cli('add', '--db', db, '--ics', 'x.ics', '--me', 'not-an-address')).code).toBe(EXIT_USAGE)
    expect((await cli('frobnicate', '--db', db)).code).toBe(EXIT_USAGE)
    const notes = join(dir, 'notes.ics')
    writeFileSync(notes, 'hello')
    expect(await cli('add', '--db', db, '--ics', notes)).toMatchObject({
      code: EXIT_FAILURE,
      stderr: `error: ${notes}: not an iCalendar file (no BEGIN:VCALENDAR)\n`,
    })
    expect(await cli('add', '--db', db, '--ics', join(dir, 'missing.ics'))).toMatchObject({
      code: EXIT_USAGE,
      stderr: `error: no file at ${join(dir, 'missing.ics')} (--ics); check the path\n`,
    })
  })

  it('never shows the subscription URL: add, list and refresh show its host and a hint', async () => {
    const secretUrl = `${server.url}?token=s3cr3t-4f9a`
    const urlFile = join(dir, 'url.txt')
    writeFileSync(urlFile, `${secretUrl}\n`)
    const outputs = [
      await cli('add', '--db', db, '--url-file', urlFile),
      await cli('list', '--db', db),
      await cli('refresh', '--db', db),
    ]
    server.failWith(500)
    outputs.push(await cli('refresh', '--db', db))
    for (const output of outputs) expect(`${output.stdout}${output.stderr}`).not.toContain('s3cr3t')
    // Kept between runs beside the database, readable by its owner only; the database never has it.
    expect(readFileSync(db).includes('s3cr3t')).toBe(false)
    expect(statSync(`${db}.secrets.json`).mode & 0o777).toBe(0o600)
    expect(outputs[2]?.json).toMatchObject([{ fetch_state: 'not_modified' }])
    const [listed] = outputs[1]?.json as { location: string }[]
    expect(listed?.location).toMatch(new RegExp(`^${new URL(server.url).origin}/… \\(#[0-9a-f]{8}\\)$`))
  })

  it('lists the occurrences the app will use, in UTC, with the calendar and why one is skipped', async () => {
    const file = join(CALENDAR_FIXTURES, 'real', 'exchange-windows-names.ics')
    await cli('add', '--db', db, '--ics', file)
    const listed = await cli('events', '--db', db, '--from', '2026-05-12', '--to', '2026-05-14', '--json')
    expect(listed.json).toEqual([
      {
        start: '2026-05-12T22:00:00Z',
        end: '2026-05-12T23:00:00Z',
        title: 'Fabrikam deposition prep (moved)',
        calendar: file,
        skipped: null,
      },
      {
        start: '2026-05-14T17:00:00Z',
        end: '2026-05-14T18:00:00Z',
        title: 'Canceled: Contoso – claims triage',
        calendar: file,
        skipped: 'cancelled',
      },
    ])
    const text = await cli('events', '--db', db, '--from', '2026-05-14', '--to', '2026-05-14')
    expect(text.stdout).toBe(
      `2026-05-14T17:00:00Z  2026-05-14T18:00:00Z  Canceled: Contoso – claims triage  [${file}]  skipped: cancelled\n`,
    )
    expect((await cli('events', '--db', db, '--from', '2026-05-14', '--to', '2026-05-01')).code).toBe(EXIT_USAGE)
    expect((await cli('events', '--db', db, '--from', 'May', '--to', '2026-05-01')).code).toBe(EXIT_USAGE)
  })

  it('adds a UTF-16 file with a BOM as Windows Calendar writes it', async () => {
    const file = join(CALENDAR_FIXTURES, 'real', 'windows-calendar-paris-utf16le.ics')
    expect((await cli('add', '--db', db, '--ics', file)).code).toBe(EXIT_OK)
    const listed = await cli('events', '--db', db, '--from', '2026-03-23', '--to', '2026-03-23', '--json')
    expect(listed.json).toMatchObject([{ start: '2026-03-23T13:30:00Z', title: 'Réunion équipe – Dupont & Associés' }])
  })
})
