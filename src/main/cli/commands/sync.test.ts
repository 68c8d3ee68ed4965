// The CLI's entries/approve/reject/sync commands, run in-process through runCli.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startReferenceServer, type ReferenceServer } from '../../../../tools/reference-server/server'
import { closeDatabase } from '../../store/database'
import { openTempDb, seedEntries, tempDir } from '../../../../test/support/syncFixtures'
import type { CliIo } from '../command'
import { runCli } from '../runCli'

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdin: () => (async function* () {})(),
    env,
    interrupted: new Promise<void>(() => {}),
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
    const approve = await cli(['approve', '--db', dbPath, '--id', 'local-00000', '--id', 'local-00001', '--project', 'P', '--client', 'C', '--activity-type', 'research', '--notes', 'n'])
    expect(approve).toMatchObject({ code: 0 })
    expect(JSON.parse(approve.stdout)).toEqual({ approved: 2, ids: ['local-00000', 'local-00001'] })
    expect(JSON.parse((await cli(['reject', '--db', dbPath, '--id', 'local-00002'])).stdout)).toEqual({ rejected: 1, ids: ['local-00002'] })

    const approved = JSON.parse((await cli(['entries', '--db', dbPath, '--status', 'approved', '--json'])).stdout) as Record<string, unknown>[]
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
    const all = JSON.parse((await cli(['entries', '--db', dbPath, '--json'])).stdout) as { id: string; sync_state: string }[]
    expect(all.map((e) => e.sync_state)).toEqual(['synced', 'synced', 'local', 'local'])

    // once sent, a decision cannot be taken back here
    const late = await cli(['reject', '--db', dbPath, '--id', 'local-00000'])
    expect(late.code).toBe(1)
    expect(late.stderr).toContain('already sent to BillOps')
    // --all-pending takes what is left
    expect(JSON.parse((await cli(['approve', '--db', dbPath, '--all-pending'])).stdout)).toEqual({ approved: 1, ids: ['local-00003'] })
  })

  it('keeps the token out of argv and plain http off the network', async () => {
    const withToken = await cli(['sync', '--db', dbPath, '--server', server.url, '--token', 'x'])
    expect(withToken.code).toBe(2)
    expect(withToken.stderr).toContain('BILLOPS_TOKEN')
    const remoteHttp = await cli(['sync', '--db', dbPath, '--server', 'http://billops.example.com'], { BILLOPS_TOKEN: 't' })
    expect(remoteHttp.code).toBe(2)
    expect(remoteHttp.stderr).toContain('https')
    const noToken = await cli(['sync', '--db', dbPath, '--server', server.url])
    expect(noToken.code).toBe(1)
    expect(noToken.stderr).toContain('BILLOPS_TOKEN')
  })

  it('exits non-zero while retryable work remains, with the counts on stdout', async () => {
    await cli(['approve', '--db', dbPath, '--id', 'local-00000'])
    server.setFaults({ unavailableRate: 1 })
    const result = await cli(['sync', '--db', dbPath, '--server', server.url, '--max-wait', '0.2'], { BILLOPS_TOKEN: 'dev-token-alice' })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.stdout)).toEqual({ synced: 0, pending: 1, failed: 0, conflicted: 0 })
    expect(result.stderr).toContain('503')
  })

  it('rejects unclear selections', async () => {
    expect((await cli(['approve', '--db', dbPath])).code).toBe(2)
    expect((await cli(['approve', '--db', dbPath, '--all-pending', '--id', 'x'])).code).toBe(2)
    expect((await cli(['entries', '--db', dbPath, '--status', 'done'])).code).toBe(2)
  })
})
