// Issue #6: a sync process killed mid-run (SIGKILL, no chance to clean up) resumes without
// duplicates. The CLI runs as a real child process against the reference server, which
// ignores Idempotency-Key, so only the durable outbox and adopt-after-lost-response protect us.
// One entry in ten has no device signal and goes as attested signals (#23).
import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../tools/reference-server/server'
import { listEntries } from '../store/entries'
import { closeDatabase } from '../store/database'
import { openTempDb, seedApproved, tempDir } from '../../../test/support/syncFixtures'

const COUNT = 400
const SPLIT_EVERY = 20
const ROOT = resolve(__dirname, '../../..')

function startSync(
  dbPath: string,
  serverUrl: string,
): { child: ChildProcess; exited: Promise<number | null>; stdout: () => string } {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'src/main/cli.ts'), 'sync', '--db', dbPath, '--server', serverUrl],
    {
      cwd: ROOT,
      env: { ...process.env, BILLOPS_TOKEN: 'dev-token-alice' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr?.resume()
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)))
  return { child, exited, stdout: () => out }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the sync child to make progress')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('sync killed mid-run', () => {
  let server: ReferenceServer
  let tmp: ReturnType<typeof tempDir>

  beforeEach(async () => {
    tmp = tempDir()
    server = await startReferenceServer({ port: 0, faults: { ignoreIdempotencyKey: true, splitEntryRate: 0.05 } })
  })
  afterEach(async () => {
    await server.close()
    tmp.cleanup()
  })

  it('resumes after SIGKILL without duplicates or losses', async () => {
    const dbPath = join(tmp.dir, 'local.sqlite')
    const seeded = openTempDb(tmp.dir)
    seedApproved(seeded, COUNT, { splitEvery: SPLIT_EVERY, attestedEvery: 10 })
    closeDatabase(seeded)

    const approvedOnServer = () => server.store.allEntries('alice').filter((e) => e.status === 'approved').length
    // Two kills at different points of the run, then a run to completion.
    for (const killAt of [60, 200]) {
      const run = startSync(dbPath, server.url)
      await until(() => approvedOnServer() >= killAt, 45_000)
      run.child.kill('SIGKILL')
      expect(await run.exited).toBeNull()
      // the kill really landed mid-run
      expect(approvedOnServer()).toBeLessThan(COUNT)
    }
    const last = startSync(dbPath, server.url)
    expect(await last.exited).toBe(0)
    expect(JSON.parse(last.stdout())).toEqual({ synced: COUNT, pending: 0, failed: 0, conflicted: 0 })

    await server.drainTasks()
    const all = server.store.allEntries('alice')
    const approved = all.filter((e) => e.status === 'approved')
    expect(approved).toHaveLength(COUNT)
    const db = openTempDb(tmp.dir)
    try {
      const local = listEntries(db, { status: 'approved' })
      expect(approved.map((e) => `${e.started_at}|${e.ended_at}`).sort()).toEqual(
        local.map((e) => `${e.started_at}|${e.ended_at}`).sort(),
      )
      expect(local.every((e) => e.sync_state === 'synced')).toBe(true)
    } finally {
      closeDatabase(db)
    }
    // nothing was created twice: besides the approved entries there are only the extras of the
    // spans the server cut in two, and nothing is left pending
    expect(all.filter((e) => e.status === 'pending')).toEqual([])
    expect(server.stats.split).toBeGreaterThan(5)
    expect(all.filter((e) => e.status === 'rejected')).toHaveLength(server.stats.split)
    const applications = (e: { context_data: string }) =>
      JSON.stringify((JSON.parse(e.context_data) as { applications: string[] }).applications)
    expect(approved.filter((e) => ['["calendar"]', '["manual"]'].includes(applications(e)))).toHaveLength(COUNT / 10)
  }, 120_000)
})
