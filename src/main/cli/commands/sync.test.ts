// The CLI's entries/approve/reject/sync commands, run in-process through runCli.
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../../tools/reference-server/server'
import { createManualClock } from '../../../../test/support/manualClock'
import { closeDatabase } from '../../store/database'
import { closedPort, openTempDb, seedEntries, tempDir } from '../../../../test/support/syncFixtures'
import type { CliIo } from '../command'
import { runCli } from '../runCli'

/** A clock that only moves when sync sleeps: retries happen at once, the waits are recorded. */
function fastTime(onSleep: (ms: number, count: number) => void = () => {}) {
  const clock = createManualClock(Date.now())
  const sleeps: number[] = []
  const sleep = (ms: number) => {
    sleeps.push(ms)
    clock.advance(ms)
    onSleep(ms, sleeps.length)
    return Promise.resolve()
  }
  return { io: { clock, sleep }, sleeps }
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, extra: Partial<CliIo> = {}) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdin: () => (async function* () {})(),
    env,
    interrupted: new Promise<void>(() => {}),
    ...extra,
  }
  const code = await runCli(argv, io)
  return { code, stdout, stderr }
}

describe('entries, approve, reject and sync commands', () => {
  let tmp: ReturnType<typeof tempDir>
  let dbPath: string
  let server: ReferenceServer

  beforeEach(async () => {
    tmp = tempDir()
    dbPath = join(tmp.dir, 'local.sqlite')
    const db = openTempDb(tmp.dir)
    seedEntries(db, 4)
    closeDatabase(db)
    server = await startReferenceServer({ port: 0 })
  })
  afterEach(async () => {
    await server.close()
    tmp.cleanup()
  })

  it('approves, rejects, lists and syncs like the review window', async () => {
    const approve = await cli([
      'approve',
      '--db',
      dbPath,
      '--id',
      'local-00000',
      '--id',
      'local-00001',
      '--project',
      'P',
      '--client',
      'C',
      '--activity-type',
      'research',
      '--notes',
      'n',
    ])
    expect(approve).toMatchObject({ code: 0 })
    expect(JSON.parse(approve.stdout)).toEqual({ approved: 2, ids: ['local-00000', 'local-00001'] })
    expect(JSON.parse((await cli(['reject', '--db', dbPath, '--id', 'local-00002'])).stdout)).toEqual({
      rejected: 1,
      ids: ['local-00002'],
    })

    const approved = JSON.parse(
      (await cli(['entries', '--db', dbPath, '--status', 'approved', '--json'])).stdout,
    ) as Record<string, unknown>[]
    expect(approved.map((e) => [e.id, e.project_id, e.activity_type, e.sync_state])).toEqual([
      ['local-00000', 'P', 'research', 'queued'],
      ['local-00001', 'P', 'research', 'queued'],
    ])

    const sync = await cli(['sync', '--db', dbPath, '--server', server.url], { BILLOPS_TOKEN: 'dev-token-alice' })
    expect(sync.code).toBe(0)
    expect(JSON.parse(sync.stdout)).toEqual({ synced: 2, pending: 0, failed: 0, conflicted: 0 })
    expect(server.store.allEntries('alice').map((e) => [e.status, e.project_id])).toEqual([
      ['approved', 'P'],
      ['approved', 'P'],
    ])
    const all = JSON.parse((await cli(['entries', '--db', dbPath, '--json'])).stdout) as {
      id: string
      sync_state: string
    }[]
    expect(all.map((e) => e.sync_state)).toEqual(['synced', 'synced', 'local', 'local'])

    // once sent, a decision cannot be taken back here
    const late = await cli(['reject', '--db', dbPath, '--id', 'local-00000'])
    expect(late.code).toBe(1)
    expect(late.stderr).toContain('already sent to BillOps')
    // --all-pending takes what is left
    expect(JSON.parse((await cli(['approve', '--db', dbPath, '--all-pending'])).stdout)).toEqual({
      approved: 1,
      ids: ['local-00003'],
    })
  })

  it('keeps the token out of argv and plain http off the network', async () => {
    const withToken = await cli(['sync', '--db', dbPath, '--server', server.url, '--token', 'x'])
    expect(withToken.code).toBe(2)
    expect(withToken.stderr).toContain('BILLOPS_TOKEN')
    const remoteHttp = await cli(['sync', '--db', dbPath, '--server', 'http://billops.example.com'], {
      BILLOPS_TOKEN: 't',
    })
    expect(remoteHttp.code).toBe(2)
    expect(remoteHttp.stderr).toContain('https')
    const noToken = await cli(['sync', '--db', dbPath, '--server', server.url])
    expect(noToken.code).toBe(4)
    expect(noToken.stderr).toContain('BILLOPS_TOKEN')
  })

  it('exits 3 while retryable work remains after --max-wait, with the counts on stdout', async () => {
    await cli(['approve', '--db', dbPath, '--id', 'local-00000'])
    server.setFaults({ unavailableRate: 1 })
    const result = await cli(['sync', '--db', dbPath, '--server', server.url, '--max-wait', '0.2'], {
      BILLOPS_TOKEN: 'dev-token-alice',
    })
    expect(result.code).toBe(3)
    expect(JSON.parse(result.stdout)).toEqual({ synced: 0, pending: 1, failed: 0, conflicted: 0 })
    expect(result.stderr).toContain('503')
    expect(result.stderr).toContain('1 entry stays queued locally')
  })

  it('gives up quickly on a server that cannot be reached: exit 3, the entries stay queued', async () => {
    await cli(['approve', '--db', dbPath, '--id', 'local-00000', '--id', 'local-00001'])
    const port = await closedPort()
    const time = fastTime()
    const result = await cli(
      ['sync', '--db', dbPath, '--server', `http://127.0.0.1:${port}`],
      { BILLOPS_TOKEN: 'dev-token-alice' },
      time.io,
    )
    expect(result.code).toBe(3)
    expect(JSON.parse(result.stdout)).toEqual({ synced: 0, pending: 2, failed: 0, conflicted: 0 })
    expect(result.stderr).toContain('cannot reach the server')
    expect(result.stderr).toContain('2 entries stay queued locally')
    expect(result.stderr).toContain('the desktop app will retry on its own')
    // a few quick tries, about 10 s of (fake) waiting in all, not --max-wait's 60 s
    const retries = result.stderr.split('\n').filter((line) => line.includes('retrying in'))
    expect(retries.length).toBeGreaterThanOrEqual(2)
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000)
    const all = JSON.parse((await cli(['entries', '--db', dbPath, '--json'])).stdout) as {
      id: string
      sync_state: string
    }[]
    expect(all.filter((e) => e.sync_state === 'queued').map((e) => e.id)).toEqual(['local-00000', 'local-00001'])
  })

  it('reports a wrong server path (HTTP 404) at once as a configuration error with the URL it tried; nothing is marked conflicted', async () => {
    await cli(['approve', '--db', dbPath, '--id', 'local-00000', '--id', 'local-00001'])
    const time = fastTime()
    const wrong = `${server.url}/billops`
    const result = await cli(['sync', '--db', dbPath, '--server', wrong], { BILLOPS_TOKEN: 'dev-token-alice' }, time.io)
    expect(result.code).toBe(2)
    expect(time.sleeps).toEqual([])
    expect(JSON.parse(result.stdout)).toEqual({ synced: 0, pending: 2, failed: 0, conflicted: 0 })
    const lines = result.stderr.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(
        `^error: .*HTTP 404 .* from (GET|POST) ${wrong}/api/v1/time-entries/\\S*: this address does not serve the BillOps time-entries API; check the server address`,
      ),
    )
    expect(lines[0]).toContain('2 entries stay queued locally, nothing is lost')
    // fixed: the same entries go out, once
    const fixed = await cli(
      ['sync', '--db', dbPath, '--server', server.url],
      { BILLOPS_TOKEN: 'dev-token-alice' },
      time.io,
    )
    expect(fixed.code).toBe(0)
    expect(JSON.parse(fixed.stdout)).toEqual({ synced: 2, pending: 0, failed: 0, conflicted: 0 })
    expect(server.store.allEntries('alice').filter((e) => e.status === 'approved')).toHaveLength(2)
  })

  it('exits 4 when the token is refused', async () => {
    await cli(['approve', '--db', dbPath, '--id', 'local-00000'])
    const result = await cli(
      ['sync', '--db', dbPath, '--server', server.url],
      { BILLOPS_TOKEN: 'not-a-token' },
      fastTime().io,
    )
    expect(result.code).toBe(4)
    expect(result.stderr).toContain(
      `sync: BILLOPS_TOKEN was refused by ${server.url}; set it to a valid BillOps API token (1 entry stays queued locally, nothing is lost)\n`,
    )
    expect(result.stderr).not.toContain('not-a-token')
    expect(JSON.parse(result.stdout)).toMatchObject({ synced: 0, pending: 1 })
  })

  it('retries a busy server (503) with one stderr line per retry, then finishes with exit 0', async () => {
    await cli(['approve', '--db', dbPath, '--id', 'local-00000'])
    server.setFaults({ unavailableRate: 1 })
    let retryLines = 0
    let stderr = ''
    const time = fastTime()
    const result = await cli(
      ['sync', '--db', dbPath, '--server', server.url],
      { BILLOPS_TOKEN: 'dev-token-alice' },
      {
        ...time.io,
        stderr: (text) => {
          stderr += text
          // the server recovers after the second retry announced
          if (text.includes('retrying in') && ++retryLines === 2) server.setFaults({ unavailableRate: 0 })
        },
      },
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ synced: 1, pending: 0, failed: 0, conflicted: 0 })
    const retries = stderr.split('\n').filter((line) => line.includes('retrying in'))
    expect(retries).toHaveLength(2)
    for (const line of retries) expect(line).toMatch(/503.*; retrying in \d+(\.\d)? s$/)
    expect(stderr).not.toContain('cannot reach')
  })

  it('Ctrl-C stops it with exit 130 and says what stays queued', async () => {
    await cli(['approve', '--db', dbPath, '--id', 'local-00000', '--id', 'local-00001'])
    server.setFaults({ unavailableRate: 1 })
    const result = await cli(
      ['sync', '--db', dbPath, '--server', server.url],
      { BILLOPS_TOKEN: 'dev-token-alice' },
      { ...fastTime().io, interrupted: Promise.resolve() },
    )
    expect(result.code).toBe(130)
    expect(JSON.parse(result.stdout)).toEqual({ synced: 0, pending: 2, failed: 0, conflicted: 0 })
    expect(result.stderr).toContain('sync: interrupted; 2 entries stay queued locally, nothing is lost')
  })

  it('prints the same stdout with progress drawn on a terminal as with --quiet', async () => {
    await cli(['approve', '--db', dbPath, '--all-pending'])
    copyFileSync(dbPath, join(tmp.dir, 'quiet.sqlite'))
    let tick = 0
    const terminal = {
      ...fastTime().io,
      stderrIsTTY: true,
      clock: { now: () => Date.now(), monotonic: () => (tick += 1000) },
    }
    const drawn = await cli(
      ['sync', '--db', dbPath, '--server', server.url],
      { BILLOPS_TOKEN: 'dev-token-alice' },
      terminal,
    )
    const quiet = await cli(
      ['sync', '--db', join(tmp.dir, 'quiet.sqlite'), '--server', server.url, '--quiet'],
      { BILLOPS_TOKEN: 'dev-token-bob' },
      { ...terminal, clock: { now: () => Date.now(), monotonic: () => (tick += 1000) } },
    )
    expect([drawn.code, quiet.code]).toEqual([0, 0])
    expect(drawn.stdout).toBe(quiet.stdout)
    expect(JSON.parse(drawn.stdout)).toMatchObject({ synced: 4 })
    expect(drawn.stderr).toContain('\r\x1b[2Ksync: sending  [')
    expect(quiet.stderr).not.toContain('\r')
  })

  it('exits 5 when items failed or conflicted', async () => {
    await cli(['approve', '--db', dbPath, '--id', 'local-00000'])
    server.setFaults({ failedTaskRate: 1 })
    const result = await cli(
      ['sync', '--db', dbPath, '--server', server.url],
      { BILLOPS_TOKEN: 'dev-token-alice' },
      fastTime().io,
    )
    expect(result.code).toBe(5)
    expect(JSON.parse(result.stdout)).toEqual({ synced: 0, pending: 0, failed: 1, conflicted: 0 })
    expect(result.stderr).toContain('failed local-00000')
  })

  it('lists the exit codes in --help', async () => {
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    for (const line of [
      '0  done',
      '1  failed',
      '2  bad arguments',
      '3  server unreachable: retry later, nothing lost',
      '4  authentication refused',
      '5  partly done: some items failed or conflicted, listed in the output',
    ]) {
      expect(help.stdout).toContain(line)
    }
  })

  it('rejects unclear selections', async () => {
    expect((await cli(['approve', '--db', dbPath])).code).toBe(2)
    expect((await cli(['approve', '--db', dbPath, '--all-pending', '--id', 'x'])).code).toBe(2)
    expect((await cli(['entries', '--db', dbPath, '--status', 'done'])).code).toBe(2)
  })
})
