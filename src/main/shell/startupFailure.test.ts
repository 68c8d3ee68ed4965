// Issue #13 defect 5: a start-up that fails (damaged database, schema from a newer app, failed
// migration, full disk) must not be silent. The shell shows a native dialog that says what
// happened, offers to move the database aside (never delete it) and start fresh, or quits and
// gives up the single-instance lock. Runs startDesktopApp against the mocked electron module.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createElectronMock, FakeBrowserWindow, FakeTray } from '../../../test/support/electronMock'

const electron = createElectronMock()
vi.mock('electron', () => electron.mock)

let userData = ''
let testCount = 0
const paths = () => ({ mainDir: join(userData, 'out/main'), resourcesDir: join(__dirname, '../../../resources') })
const dbPath = () => join(userData, 'billops.db')
const GARBAGE = 'this is not a SQLite database, it was damaged on disk '.repeat(200)

beforeEach(() => {
  vi.resetModules()
  userData = join(electron.userData, `case-${++testCount}`)
  mkdirSync(userData, { recursive: true })
  electron.mock.app.getPath = (name: string) => (name === 'userData' ? userData : join(userData, name))
  electron.mock.app.removeAllListeners()
  electron.mock.app.exitCodes.length = 0
  electron.mock.app.quitCalled = false
  electron.mock.app.lockReleased = false
  electron.dialogs.messageBoxes.length = 0
  electron.dialogs.errorBoxes.length = 0
  FakeTray.instances.length = 0
  FakeBrowserWindow.instances.length = 0
  process.argv.push('--hidden')
  return () => void process.argv.splice(process.argv.indexOf('--hidden'), 1)
})

const choose = (label: RegExp) => {
  electron.dialogs.respond = (options) => {
    const index = options.buttons?.findIndex((b) => label.test(b)) ?? -1
    if (index < 0) throw new Error(`no button ${label} in ${JSON.stringify(options.buttons)}`)
    return index
  }
}

// Quits and waits until the app has closed its core and exited (the next case starts clean).
const shutDown = async () => {
  electron.mock.app.emit('will-quit', { preventDefault() {} })
  await vi.waitFor(() => expect(electron.mock.app.exitCodes).toEqual([0]), { timeout: 20_000 })
}

describe('a failed start-up (issue #13 defect 5)', () => {
  it('says the database is damaged and, on Quit, releases the lock and exits without touching the file', async () => {
    writeFileSync(dbPath(), GARBAGE)
    choose(/^Quit/)
    const { startDesktopApp } = await import('./desktopApp')
    startDesktopApp(paths())
    // native Wayland where the session is Wayland (Ozone picks; set before ready)
    if (process.platform === 'linux')
      expect(electron.mock.app.commandLine.switches.get('ozone-platform-hint')).toBe('auto')
    await vi.waitFor(() => expect(electron.dialogs.messageBoxes).toHaveLength(1), { timeout: 20_000 })
    const [box] = electron.dialogs.messageBoxes
    expect(box.type).toBe('error')
    expect(`${box.message} ${box.detail}`).toMatch(/damaged/i)
    expect(box.detail).toContain(dbPath())
    expect(box.buttons).toEqual(
      expect.arrayContaining([expect.stringMatching(/move .*aside/i), expect.stringMatching(/^Quit/)]),
    )
    await vi.waitFor(() => expect(electron.mock.app.exitCodes).toEqual([1]), { timeout: 20_000 })
    expect(electron.mock.app.lockReleased).toBe(true)
    expect(readFileSync(dbPath(), 'utf8')).toBe(GARBAGE)
    expect(FakeTray.instances).toHaveLength(0)
  })

  it('moves a damaged database aside (renamed, never deleted) and starts fresh when asked', async () => {
    writeFileSync(dbPath(), GARBAGE)
    choose(/move .*aside/i)
    const { startDesktopApp } = await import('./desktopApp')
    startDesktopApp(paths())
    await vi.waitFor(() => expect(FakeTray.instances).toHaveLength(1), { timeout: 20_000 })
    await vi.waitFor(() => expect(FakeTray.instances[0].menu).not.toBeNull(), { timeout: 20_000 })
    const movedAside = readdirSync(userData).filter((name) => name.startsWith('billops.db.broken-'))
    expect(movedAside).toHaveLength(1)
    expect(readFileSync(join(userData, movedAside[0]), 'utf8')).toBe(GARBAGE)
    expect(electron.mock.app.exitCodes).toEqual([])
    // The fresh database is a working one, at the current schema.
    expect(electron.handlers.has('billops:invoke')).toBe(true)
    const fresh = new BetterSqlite3(dbPath(), { readonly: true })
    expect(fresh.pragma('user_version', { simple: true })).toBeGreaterThan(0)
    fresh.close()
    await shutDown()
  })

  it('says the database comes from a newer version of the app and offers to quit', async () => {
    const db = new BetterSqlite3(dbPath())
    db.pragma('user_version = 9999')
    db.close()
    choose(/^Quit/)
    const { startDesktopApp } = await import('./desktopApp')
    startDesktopApp(paths())
    await vi.waitFor(() => expect(electron.mock.app.exitCodes).toEqual([1]), { timeout: 20_000 })
    const [box] = electron.dialogs.messageBoxes
    expect(`${box.message} ${box.detail}`).toMatch(/newer version/i)
    expect(existsSync(dbPath())).toBe(true)
    expect(electron.mock.app.lockReleased).toBe(true)
  })
})

describe('describeStartupFailure', () => {
  it('names a full disk and does not offer to start fresh there', async () => {
    const { describeStartupFailure } = await import('./startupFailure')
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    const failure = describeStartupFailure(full, '/data/billops.db')
    expect(failure.kind).toBe('disk_full')
    expect(failure.canStartFresh).toBe(false)
    expect(describeStartupFailure(Object.assign(new Error('no space'), { code: 'ENOSPC' }), '/d').kind).toBe(
      'disk_full',
    )
  })

  it('names a restore in progress, offers only Quit, and points to verified backups', async () => {
    const { describeStartupFailure } = await import('./startupFailure')
    const { backupsDir } = await import('../store/backups')
    const { RestoreInProgressError } = await import('../store/restoreMarker')
    const dir = join(electron.userData, 'restore-case')
    mkdirSync(backupsDir(join(dir, 'billops.db')), { recursive: true })
    writeFileSync(join(backupsDir(join(dir, 'billops.db')), 'billops-2026-11-30T10-00-00-000Z-daily.db'), '')
    const failure = describeStartupFailure(new RestoreInProgressError(join(dir, 'billops.db')), join(dir, 'billops.db'))
    expect(failure).toMatchObject({ kind: 'restore_in_progress', canStartFresh: false })
    expect(failure.detail).toContain('Verified backups: 1')
  })

  it('names a failed migration', async () => {
    const { describeStartupFailure } = await import('./startupFailure')
    const { MigrationError } = await import('../store/database')
    const failure = describeStartupFailure(new MigrationError(7, 'add_column', new Error('boom')), '/data/billops.db')
    expect(failure.kind).toBe('migration_failed')
    expect(failure.message).toMatch(/updating its database/i)
    expect(failure.detail).toMatch(/rolled back/i)
  })
})

describe('Settings → Restore… in the running app', () => {
  it('closes the database, restores the chosen backup (keeping the current file aside) and relaunches', async () => {
    process.argv.splice(process.argv.indexOf('--hidden'), 1) // the review window is the trusted sender
    const { openDatabase, closeDatabase } = await import('../store/database')
    const { backupFile, backupsDir } = await import('../store/backups')
    closeDatabase(openDatabase(dbPath()))
    await backupFile(dbPath(), join(backupsDir(dbPath()), 'billops-2026-11-30T10-00-00-000Z-manual.db'))
    const { startDesktopApp } = await import('./desktopApp')
    startDesktopApp(paths())
    await vi.waitFor(() => expect(FakeTray.instances[0]?.menu).toBeTruthy(), { timeout: 20_000 })
    const call = electron.handlers.get('billops:invoke')!
    const ours = {
      sender: FakeBrowserWindow.instances[0].webContents,
      senderFrame: { url: 'app://bundle/index.html', parent: null },
    }
    expect(await call(ours, 'settings.update', { idle_threshold_minutes: 7 })).toMatchObject({ ok: true })
    const listed = (await call(ours, 'backups.list', null)) as { value: { backups: Array<{ name: string }> } }
    expect(listed.value.backups.map((b) => b.name)).toEqual(['billops-2026-11-30T10-00-00-000Z-manual.db'])
    expect(await call(ours, 'backups.restore', { name: listed.value.backups[0].name })).toEqual({
      ok: true,
      value: { restarting: true },
    })
    await vi.waitFor(() => expect(electron.mock.app.relaunchCalled).toBe(true), { timeout: 20_000 })
    expect(electron.mock.app.exitCodes).toEqual([0])
    const idleSetting = (file: string) => {
      const db = new BetterSqlite3(file, { readonly: true })
      const rows = db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>
      db.close()
      return JSON.stringify(rows).match(/idle_threshold_minutes[^0-9]*(\d+)/)?.[1] ?? 'default'
    }
    const keptAside = readdirSync(userData).filter((n) => n.startsWith('billops.db.before-restore-') && n.endsWith('Z'))
    expect(keptAside).toHaveLength(1)
    expect(idleSetting(join(userData, keptAside[0]))).toBe('7')
    expect(idleSetting(dbPath())).not.toBe('7')
    process.argv.push('--hidden')
  })
})
