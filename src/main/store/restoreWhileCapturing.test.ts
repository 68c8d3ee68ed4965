// Issue #26, end to end with real processes: `billops capture --db F` runs under Xvfb (started
// with umask 022); `billops restore --db F --from B` must refuse, naming capture, and leave F and
// its rows untouched. Then a restore killed half-way (SIGKILL while it copies, held there by a
// source that never delivers) must not keep the next start from opening F, which keeps its rows. Files the CLI created are 0600.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleCli, waitForStderr, type BundledCli } from '../../../test/support/bundleCli'
import { startXSession, type XSession } from '../../../test/support/xvfb'
import { countEntriesInFile, seedEntries } from '../../../test/support/syncFixtures'
import { until } from '../../../test/support/waitUntil'
import { closeDatabase, openDatabase } from './database'
import { restoreMarkerPath } from './restoreMarker'

let dir: string
let cli: BundledCli
let session: XSession | null = null
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billops-restore-e2e-'))
  cli = await bundleCli()
})
afterAll(async () => {
  await session?.close()
  cli?.remove()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The CLI as a user's shell runs it: umask 022. */
const billops = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync('sh', ['-c', 'umask 022; exec "$@"', 'sh', process.execPath, cli.path, ...args], { env, encoding: 'utf8' })

const rows = countEntriesInFile
const modeOf = (path: string) => statSync(path).mode & 0o777

describe('restore against a running capture, and a restore killed half-way', () => {
  it('refuses while capture holds F; a SIGKILLed restore is recovered by the next start', async () => {
    const F = join(dir, 'data', 'billops.db')
    const B = join(dir, 'backup.db')
    // The backup B has 7 entries (an older state); F has moved on to 4.
    const seed = openDatabase(F)
    seedEntries(seed, 7)
    closeDatabase(seed)
    expect(billops(['backup', '--db', F, '--out', B]).status).toBe(0)
    expect(modeOf(B)).toBe(0o600)
    const later = openDatabase(F)
    later.prepare('DELETE FROM entries WHERE id IN (SELECT id FROM entries ORDER BY id LIMIT 3)').run()
    closeDatabase(later)
    const before = rows(F)

    session = await startXSession()
    const window = await session.openWindow('RestoreTerm', 'restore test')
    await session.activate(window)
    const capture = spawn(
      'sh',
      [
        '-c',
        'umask 022; exec "$@"',
        'sh',
        process.execPath,
        cli.path,
        'capture',
        '--db',
        F,
        '--flush-interval-ms',
        '200',
      ],
      {
        env: session.env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    const exited = new Promise<void>((resolve) => capture.once('exit', () => resolve()))
    try {
      await waitForStderr(capture, /input=ok/u, 'capture', 60_000)
      await session.xdotool('type', '--delay', '8', 'billable')
      const inode = statSync(F).ino

      const refused = billops(['restore', '--db', F, '--from', B])
      expect(refused.status).not.toBe(0)
      expect(refused.stderr).toContain(`billops capture is running (pid ${capture.pid}): stop it first (Ctrl-C)`)
      // F is the same file with all its rows; nothing was renamed aside or left behind.
      expect(statSync(F).ino).toBe(inode)
      expect(rows(F)).toBe(before)
      expect(readdirSync(join(dir, 'data')).filter((n) => /before-restore|restoring|restore-partial/u.test(n))).toEqual(
        [],
      )
      // What capture writes is private though the shell's umask is 022.
      for (const file of [F, `${F}-wal`, `${F}-shm`]) expect(modeOf(file)).toBe(0o600)
      expect(modeOf(join(dir, 'data'))).toBe(0o700)
    } finally {
      capture.kill('SIGINT')
      await exited
    }
    expect(rows(F)).toBe(before)

    // SIGKILL a restore half-way: its source is a named pipe nobody writes, so it stops for good
    // in the middle (marker written, copy begun: the source cannot be read) and is killed there.
    const pipe = join(dir, 'stuck-backup.db')
    expect(spawnSync('mkfifo', [pipe]).status).toBe(0)
    const restore = spawn(process.execPath, [cli.path, 'restore', '--db', F, '--from', pipe], { stdio: 'ignore' })
    const restoreExited = new Promise<void>((resolve) => restore.once('exit', () => resolve()))
    const marker = restoreMarkerPath(F)
    await until('the restore to begin', () => existsSync(marker) || restore.exitCode !== null, 30_000, 5)
    restore.kill('SIGKILL')
    await restoreExited
    // Killed with its marker left behind: the situation that blocked start-up for good.
    expect(restore.signalCode).toBe('SIGKILL')
    expect(existsSync(marker)).toBe(true)

    const next = billops(['export', '--db', F, '--what', 'entries', '--format', 'json'])
    expect(next.status, next.stderr).toBe(0)
    expect(JSON.parse(next.stdout)).toHaveLength(before)
    expect(existsSync(marker)).toBe(false)
    expect(readdirSync(join(dir, 'data')).filter((n) => /restoring|restore-partial/u.test(n))).toEqual([])
  }, 120_000)
})
