// Boots the BUILT app (out/main/index.js, the file Electron runs) in plain Node with a recording
// fake `electron` module (test/support/fakeElectronBoot.cjs, preloaded with --require), because
// Electron's binary cannot run on the build machines. It proves what unit tests of the sources
// cannot: the bundle loads, better-sqlite3 inside it loads the Node-ABI build (no native/electron/
// under the fake app path), the worker is started from the built file, and a damaged database
// ends in a dialog instead of silence.
//
// `npm test` runs the unit tests before `npm run build`, so this test builds the bundle itself
// (electron-vite, ~3 s) when out/ is missing or older than the sources; a fresh out/ is used as is.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { methods } from '../../src/shared/contract'
import { buildCli, cliIsFresh, isFresh } from '../../scripts/build-cli.mjs'
import { ImportWorkerJob } from '../../src/main/import/importWorkerClient'
import { ImportJudge } from '../../src/main/import/importJudge'
import { defaultSettings } from '../../src/shared/domain'
import { builtWorkerFactory } from '../../src/main/base/workerThread'

const root = resolve(__dirname, '../..')
const bundle = join(root, 'out/main/index.js')
const builtFiles = [
  bundle,
  join(root, 'out/main/suggestWorker.js'),
  join(root, 'out/main/importWorker.js'),
  join(root, 'out/preload/index.js'),
  join(root, 'out/renderer/index.html'),
]
const fakeElectron = join(root, 'test/support/fakeElectronBoot.cjs')

function ensureBuilt(): void {
  if (
    isFresh(
      builtFiles,
      ['src', 'electron.vite.config.ts', 'package.json'].map((path) => join(root, path)),
    )
  )
    return
  const require = createRequire(join(root, 'package.json'))
  const cli = join(require.resolve('electron-vite/package.json'), '..', 'bin/electron-vite.js')
  execFileSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'pipe', timeout: 120_000 })
}

interface BootRecord {
  event: string
  [key: string]: unknown
}

async function boot(
  userData: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; records: BootRecord[]; stderr: string }> {
  const report = join(userData, '..', `report-${Date.now()}.jsonl`)
  writeFileSync(report, '')
  const child = spawn(process.execPath, ['--require', fakeElectron, bundle], {
    cwd: root,
    env: {
      ...process.env,
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      ELECTRON_RENDERER_URL: '',
      BOOT_REPORT: report,
      BOOT_USER_DATA: userData,
      BOOT_METHODS: JSON.stringify(Object.keys(methods)),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000)
  const code = await new Promise<number | null>((done) => child.on('exit', (exitCode) => done(exitCode)))
  clearTimeout(timer)
  const records = readFileSync(report, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as BootRecord)
  return { code, records, stderr }
}

const freshUserData = () => join(mkdtempSync(join(tmpdir(), 'billops-boot-')), 'userData')

beforeAll(async () => {
  ensureBuilt()
  if (!cliIsFresh()) await buildCli()
}, 180_000)

describe('the built app (out/main/index.js) under a fake electron', () => {
  it('takes the lock, opens the database under userData, binds every contract method, starts the built worker, builds the tray and quits cleanly', async () => {
    const userData = freshUserData()
    const { code, records, stderr } = await boot(userData)
    const events = records.map((r) => r.event)
    expect(code, stderr).toBe(0)
    expect(events).toContain('single-instance-lock')
    expect(events).not.toContain('dialog')
    // The review window opens (no --hidden) with the built preload.
    expect(records.find((r) => r.event === 'window')).toEqual({
      event: 'window',
      preload: join(root, 'out/preload/index.js'),
    })
    // The log file under userData (rotating, scrubbed) got the start-up lines.
    expect(readFileSync(join(userData, 'logs', 'billops.log'), 'utf8')).toMatch(/capture source/)
    // Closed cleanly: the WAL was checkpointed and removed when the core closed the database.
    expect(existsSync(join(userData, 'billops.db-wal'))).toBe(false)
    // The database, created under userData at the current schema with the Node-ABI addon.
    const db = new BetterSqlite3(join(userData, 'billops.db'), { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0)
    db.close()
    // One IPC channel; the dispatcher behind it knows every method of the contract (a Symbol is
    // no valid input, so each answers invalid_input without running), and nothing else.
    expect(records.filter((r) => r.event === 'ipc-handle').map((r) => r.channel)).toEqual(['billops:invoke'])
    const probe = records.find((r) => r.event === 'probe') as unknown as {
      answers: { [name: string]: string }
      status: { ok: boolean }
    }
    expect(probe, stderr).toBeDefined()
    for (const name of Object.keys(methods)) expect([name, probe.answers[name]]).toEqual([name, 'invalid_input'])
    expect(probe.answers['no.such.method']).toBe('unknown_method')
    expect(probe.status).toMatchObject({ ok: true, value: { tracking: { mode: 'active' } } })
    // The heuristics worker runs from the built file.
    const workers = records.filter((r) => r.event === 'worker-online').map((r) => r.filename)
    expect(workers.length).toBeGreaterThan(0)
    for (const file of workers) expect(file).toBe(join(root, 'out/main/suggestWorker.js'))
    // The tray menu, then quit: before-quit → will-quit (core closed) → exit(0).
    const menu = records.find((r) => r.event === 'tray-menu') as unknown as { labels: string[] }
    expect(menu.labels).toEqual(expect.arrayContaining(['Quit BillOps Tracker', 'Open review queue…']))
    expect(events.indexOf('quit')).toBeGreaterThan(events.indexOf('tray-menu'))
    expect(records.filter((r) => r.event === 'exit')).toEqual([{ event: 'exit', code: 0 }])
  }, 60_000)

  it('on a damaged database shows the error dialog, quits with the lock released and leaves the file alone', async () => {
    const userData = freshUserData()
    const garbage = 'not a database '.repeat(500)
    mkdirSync(userData, { recursive: true })
    writeFileSync(join(userData, 'billops.db'), garbage)
    const { code, records, stderr } = await boot(userData, { BOOT_DIALOG_CHOICE: 'Quit' })
    expect(code, stderr).toBe(1)
    const dialog = records.find((r) => r.event === 'dialog') as unknown as {
      type: string
      message: string
      detail: string
      buttons: string[]
    }
    expect(dialog, stderr).toBeDefined()
    expect(dialog.type).toBe('error')
    expect(dialog.message).toMatch(/database is damaged/)
    expect(dialog.detail).toContain(join(userData, 'billops.db'))
    expect(dialog.buttons).toContain('Quit')
    const events = records.map((r) => r.event)
    expect(events).toContain('single-instance-lock-released')
    expect(events).not.toContain('tray')
    expect(readFileSync(join(userData, 'billops.db'), 'utf8')).toBe(garbage)
    expect(readFileSync(join(userData, 'logs', 'billops.log'), 'utf8')).toMatch(
      /error start-up failed: DatabaseOpenError/,
    )
  }, 60_000)

  it('started with --cli it is the built CLI: it answers, opens no window, takes no lock and exits with the code', () => {
    const userData = freshUserData()
    const report = join(userData, '..', 'cli-report.jsonl')
    writeFileSync(report, '')
    const env = { ...process.env, DISPLAY: '', BOOT_REPORT: report, BOOT_USER_DATA: userData, BOOT_METHODS: '[]' }
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--require', fakeElectron, bundle, '--cli', ...args], {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: 30_000,
      })
    const version = run(['version'])
    expect(version.status).toBe(0)
    expect(JSON.parse(version.stdout)).toMatchObject({
      name: 'billops-tracker',
      version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
    })
    const db = join(userData, '..', 'cli.db')
    // a database that does not exist is refused, not created empty; import creates it
    const typo = run(['entries', '--db', db, '--json'])
    expect([typo.status, typo.stdout]).toEqual([2, ''])
    expect(typo.stderr).toMatch(/^error: no database at /)
    expect(run(['import', '--db', db, '--input', join(root, 'docs/examples/ingest-request.json')]).status).toBe(0)
    const entries = run(['entries', '--db', db, '--json'])
    expect([entries.status, entries.stdout]).toEqual([0, '[]\n'])
    expect(run(['no-such-command']).status).toBe(2)
    // The desktop app never started: Electron was asked for no lock, window or tray, only exits;
    // the one thread started is the CLI's own import worker (built next to it, out/cli).
    const records = readFileSync(report, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BootRecord & { filename?: string })
    const workers = records.filter((record) => record.event === 'worker' || record.event === 'worker-online')
    expect(new Set(workers.map((record) => record.filename))).toEqual(new Set([join(root, 'out/cli/importWorker.js')]))
    expect(new Set(records.filter((record) => !workers.includes(record)).map((record) => record.event))).toEqual(
      new Set(['process-exit']),
    )
  })

  it('the built import worker (out/main/importWorker.js) reads and judges a streamed export as the sources do', async () => {
    const text = readFileSync(join(root, 'test/fixtures/activitywatch-day.json'), 'utf8')
    const options = { settings: defaultSettings(), nowMs: Date.parse('2024-03-13T00:00:00Z') }
    const job = new ImportWorkerJob(builtWorkerFactory(join(root, 'out/main/importWorker.js')), 'auto', options)
    for (let at = 0; at < text.length; at += 1000) job.push(text.slice(at, at + 1000))
    const judged = await job.finish()
    const judge = new ImportJudge('auto', options)
    judge.push(text)
    const expected = judge.end()
    expect(judged.report).toEqual(expected.report)
    expect(judged.records.slice(0, judged.records.length)).toEqual(expected.records)
  })
})
