// The CLI convention of docs/cli.md, checked across every command: the name the user typed in
// usage lines, the options every command takes, --version, --db that must exist, ids by prefix,
// a table for people and JSON for scripts.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './runCli'
import { commands } from './commands'
import { EXIT_CODES } from './command'
import { closeDatabase, openDatabase } from '../store/database'
import { insertEntries } from '../store/entries'
import { entryFixture } from '../../../test/shared/entryFixture'
import { recordingIo } from '../../../test/support/cliRun'

const dir = mkdtempSync(join(tmpdir(), 'billops-cli-convention-'))

async function run(argv: string[], options: { program?: string; tty?: boolean } = {}) {
  const t = recordingIo()
  t.io.program = options.program
  t.io.stdoutIsTTY = options.tty
  const code = await runCli(argv, t.io)
  return { code, stdout: t.out(), stderr: t.err() }
}

function databaseWith(name: string, ids: readonly string[]): string {
  const path = join(dir, name)
  const db = openDatabase(path)
  insertEntries(
    db,
    ids.map((id, i) =>
      entryFixture(id, `2026-03-02T${String(9 + i).padStart(2, '0')}:00:00Z`, 30, {
        client_id: i === 0 ? 'globex' : null,
      }),
    ),
  )
  closeDatabase(db)
  return path
}

describe('every command’s --help', () => {
  it.each(commands.map((c) => [c.name]))(
    '%s: usage under the called name, the common options with their meaning',
    async (name) => {
      for (const program of ['billops', 'npm run cli --']) {
        const help = await run([name, '--help'], { program })
        expect(help.code).toBe(0)
        expect(help.stdout.startsWith(`usage: ${program} ${name}`)).toBe(true)
        expect(help.stdout).toMatch(/--quiet\s+no progress on stderr \(default: progress on/)
        expect(help.stdout).toMatch(/-h, --help\s+\S/)
      }
    },
  )

  it('says what --db must be for the commands that take one', async () => {
    expect((await run(['entries', '--help'])).stdout).toMatch(/--db FILE\s+the database file; it must exist/)
    expect((await run(['import', '--help'])).stdout).toMatch(/--db FILE\s+the database file; created when missing/)
  })
})

describe('exit codes', () => {
  it('README.md lists exactly the codes and meanings that --help prints', async () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8')
    const table = [...readme.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]] as const)
    expect(table).toEqual(EXIT_CODES.map(([code, meaning]) => [code, meaning]))
    const help = (await run(['--help'])).stdout
    for (const [code, meaning] of EXIT_CODES) expect(help).toContain(`  ${code}  ${meaning}\n`)
  })
})

describe('--version', () => {
  it.each([['--version'], ['-V'], ['version']])('%s prints the version', async (flag) => {
    const result = await run([flag])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'billops-tracker' })
  })
})

describe('--db', () => {
  it.each([['entries'], ['process'], ['report'], ['export'], ['approve'], ['sync']])(
    '%s refuses a database that does not exist and creates nothing',
    async (command) => {
      const typo = join(dir, `typo-${command}.db`)
      const result = await run([command, '--db', typo, '--all-pending'], { program: 'billops' })
      expect(result.code).toBe(2)
      expect(result.stderr).toBe(
        `error: no database at ${typo}; check the path for a typo, or create one first (\`billops capture --db ${typo}\` records activity, \`billops import --db ${typo} --input FILE\` imports it)\n`,
      )
      expect(result.stdout).toBe('')
      expect(existsSync(typo)).toBe(false)
    },
  )

  it('lets import create a database and says so, but never a folder', async () => {
    const input = join(process.cwd(), 'docs/examples/ingest-request.json')
    const fresh = join(dir, 'fresh.db')
    const created = await run(['import', '--db', fresh, '--input', input])
    expect(created.code).toBe(0)
    expect(created.stderr).toContain(`import: created a new database at ${fresh}\n`)
    expect(JSON.parse(created.stdout)).toMatchObject({ imported: 9 })
    const again = await run(['import', '--db', fresh, '--input', input])
    expect(again.stderr).not.toContain('created')

    const nowhere = join(dir, 'no-such-folder', 'x.db')
    const refused = await run(['process', '--db', nowhere])
    expect(refused.code).toBe(2)
    const refusedImport = await run(['import', '--db', nowhere, '--input', input])
    expect(refusedImport.code).toBe(2)
    expect(refusedImport.stderr).toBe(
      `error: no folder ${join(dir, 'no-such-folder')} for the new database ${nowhere}; create the folder first or check the path for a typo\n`,
    )
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false)
  })

  it('refuses a folder given as the database', async () => {
    const result = await run(['entries', '--db', dir])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`error: ${dir} is a folder; --db takes the database file inside it\n`)
  })
})

describe('missing input files', () => {
  it.each([
    ['import', ['import', '--db', 'x.db', '--input'], 'input'],
    ['suggest', ['suggest', '--input'], 'input'],
    ['calendar add', ['calendar', 'add', '--db', 'x.db', '--ics'], 'ics'],
    ['restore', ['restore', '--db', 'x.db', '--from'], 'from'],
  ])('%s says the same thing, exit 2, and creates nothing', async (_name, argv, option) => {
    const missing = join(dir, 'missing.json')
    const result = await run([...argv.map((a) => (a === 'x.db' ? join(dir, 'never.db') : a)), missing])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(`error: no file at ${missing} (--${option}); check the path\n`)
    expect(existsSync(join(dir, 'never.db'))).toBe(false)
  })
})

describe('dates', () => {
  it.each([['2026-13-01'], ['2026-02-30'], ['yesterday']])(
    'report --from %s is a usage mistake (exit 2) saying which day',
    async (day) => {
      const db = databaseWith(`dates-${day}.db`, [])
      const result = await run(['report', '--db', db, '--from', day, '--to', '2026-12-31'])
      expect(result.code).toBe(2)
      expect(result.stderr.split('\n')[0]).toBe(`error: not a real day: ${day}`)
    },
  )
})

describe('ids by unique prefix', () => {
  const ids = [
    'febced86-1111-4000-8000-000000000001',
    'a1b2c3d4-0000-4000-8000-000000000002',
    'a1b2ffff-0000-4000-8000-000000000003',
  ]

  it('approves and rejects by a unique prefix, like git', async () => {
    const db = databaseWith('prefix.db', ids)
    const approved = await run(['approve', '--db', db, '--id', 'febced86', '--project', 'acme'])
    expect(approved.code).toBe(0)
    expect(JSON.parse(approved.stdout)).toEqual({ approved: 1, ids: [ids[0]] })
    const rejected = await run(['reject', '--db', db, '--id', 'a1b2c', '--notes', 'lunch'])
    expect(JSON.parse(rejected.stdout)).toEqual({ rejected: 1, ids: [ids[1]] })
  })

  it('refuses an ambiguous prefix with its candidates (exit 2) and an unknown one (exit 1), changing nothing', async () => {
    const db = databaseWith('ambiguous.db', ids)
    const ambiguous = await run(['approve', '--db', db, '--id', 'a1b2'])
    expect(ambiguous.code).toBe(2)
    expect(ambiguous.stderr.split('\n')[0]).toBe(
      `error: id prefix 'a1b2' matches more than one entry (${ids[1]}, ${ids[2]}); give more characters`,
    )
    const unknown = await run(['reject', '--db', db, '--id', '0000'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toBe(
      "error: no entry with id or id prefix '0000' (`billops entries --db FILE` lists them)\n",
    )
    const entries = JSON.parse((await run(['entries', '--db', db, '--json'])).stdout) as { status: string }[]
    expect(entries.map((e) => e.status)).toEqual(['pending', 'pending', 'pending'])
  })

  it('does not let reject set a project, client or activity', async () => {
    const db = databaseWith('reject-options.db', ids)
    for (const option of ['--project', '--client', '--activity-type']) {
      const result = await run(['reject', '--db', db, '--id', 'febced86', option, 'x'])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(new RegExp(`^error: .*${option}`))
    }
  })
})

describe('entries output', () => {
  it('prints a table on a terminal whose short ids approve accepts, and JSON with --json or when piped', async () => {
    const ids = ['febced86-1111-4000-8000-000000000001', 'febced86-2222-4000-8000-000000000002']
    const db = databaseWith('table.db', ids)
    const table = await run(['entries', '--db', db], { tty: true })
    expect(table.code).toBe(0)
    const lines = table.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ID\s+DAY\s+TIME\s+MIN\s+STATUS\s+SYNC\s+CLIENT \/ PROJECT\s+WHAT$/)
    expect(lines).toHaveLength(4)
    expect(lines[3]).toBe('2 entries, 60 min')
    // the two ids share 9 characters: the column shows 10, which is unique
    const shortId = lines[1]!.split(/\s+/)[0]!
    expect(shortId).toBe('febced86-1')
    expect(lines[1]).toMatch(/\s30\s+pending\s+local\s+globex\s+focused_work$/)
    expect(JSON.parse((await run(['approve', '--db', db, '--id', shortId])).stdout)).toEqual({
      approved: 1,
      ids: [ids[0]],
    })

    const piped = await run(['entries', '--db', db])
    expect(JSON.parse(piped.stdout)).toHaveLength(2)
    const json = await run(['entries', '--db', db, '--json'], { tty: true })
    expect(JSON.parse(json.stdout)).toHaveLength(2)
  })
})
