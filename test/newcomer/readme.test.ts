// The README's command-line section, walked by a newcomer on a fresh database
// (test/newcomer/walk-readme.sh): capture under Xvfb with typing in a focused xterm, import,
// calendar, process, entries, reject/approve by id prefix, sync against the reference server,
// export, report, backup, restore, and the mistakes with the message each must give.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startXSession, type XSession } from '../support/xvfb'

const script = join(process.cwd(), 'test/newcomer/walk-readme.sh')

function walk(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('close', (code) => resolve({ code, output }))
  })
}

let session: XSession
beforeAll(async () => {
  session = await startXSession()
  await session.activate(await session.openWindow('code', 'notes'))
}, 60_000)
afterAll(async () => {
  await session?.close()
})

describe('a newcomer following README.md', () => {
  it('gets from a fresh database to a synced entry with every README line working as written', async () => {
    const { code, output } = await walk(session.env)
    // the whole output on failure: it names each failing line with its exit code and stderr
    expect(code, output).toBe(0)
    expect(output).toMatch(/newcomer: ran (\d+) README lines; [1-9]\d* approved entries synced/)
    expect(Number(/ran (\d+) README lines/.exec(output)?.[1])).toBeGreaterThanOrEqual(20)
    expect(output).toContain('newcomer: every README line worked as written')
  }, 300_000)

  it('fails, naming the line, when a README line no longer works', async () => {
    const readme = join(mkdtempSync(join(tmpdir(), 'billops-readme-')), 'README.md')
    writeFileSync(
      readme,
      [
        '## Command line',
        '```sh',
        'npm run --silent cli -- version',
        'npm run cli -- entries --database time.db',
        'npm run cli -- entries --db tiem.db                         # exit 2: error: no such thing',
        '```',
        '## Next',
        '',
      ].join('\n'),
    )
    const { code, output } = await walk({ ...session.env, README: readme })
    expect(code).toBe(1)
    expect(output).toContain(
      'newcomer: FAILED README line:\n  npm run cli -- entries --database time.db\n  exit 2, expected 0',
    )
    expect(output).toContain('stderr does not say "error: no such thing"')
    expect(output).toContain('newcomer: 2 README line(s) failed')
  }, 120_000)
})
