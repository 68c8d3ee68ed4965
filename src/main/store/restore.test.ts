// Issue #26 (2–4, 6): no restore or backup can lose rows.
// - restore refuses while the app or a command holds the database, naming the holder;
// - a restore killed part-way is finished or rolled back by the next opening, never blocking it;
// - a backup from a newer schema is refused before anything is replaced;
// - backup --out never replaces an existing file without --force.
import BetterSqlite3 from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { countEntriesInFile, seedEntries } from '../../../test/support/syncFixtures'
import { runCliInProcess } from '../../../test/support/cliRun'
import { createCore } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { closeDatabase, openDatabase } from './database'
import { holdersDir } from './dbHolders'
import { restoreIncomingPath, restoreMarkerPath } from './restoreMarker'

let dir: string
let dbPath: string
let backupPath: string
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'billops-restore-'))
  dbPath = join(dir, 'billops.db')
  backupPath = join(dir, 'saved.db')
  const db = openDatabase(dbPath)
  seedEntries(db, 5)
  closeDatabase(db)
  expect((await runCliInProcess(['backup', '--db', dbPath, '--out', backupPath])).code).toBe(0)
  // The live database moves on: 3 entries left, the backup has 5.
  const later = openDatabase(dbPath)
  dropEntries(later, 2)
  closeDatabase(later)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const entryCount = countEntriesInFile
const dropEntries = (db: BetterSqlite3.Database, n: number) =>
  db.prepare('DELETE FROM entries WHERE id IN (SELECT id FROM entries ORDER BY id LIMIT ?)').run(n)
const leftovers = () => readdirSync(dir).filter((n) => /before-restore|restoring|restore-partial/u.test(n))
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number

describe('restore and the database holders', () => {
  it('refuses while the app holds the database, naming it; the database and its rows are untouched', async () => {
    const core = createCore({
      dbPath,
      logger: silentLogger,
      holder: { name: 'BillOps Tracker', stop: 'quit it from the tray first' },
    })
    try {
      const restore = await runCliInProcess(['restore', '--db', dbPath, '--from', backupPath])
      expect(restore.code).not.toBe(0)
      expect(restore.stderr).toContain(`BillOps Tracker is running (pid ${process.pid}): quit it from the tray first`)
      // The app keeps writing to the same file, which still has all its rows.
      dropEntries(core.db, 1)
    } finally {
      await core.close()
    }
    expect(entryCount(dbPath)).toBe(2)
    expect(leftovers()).toEqual([])
  })

  it('goes ahead once the holder has closed, and past a holder that crashed (its pid no longer runs)', async () => {
    const core = createCore({ dbPath, logger: silentLogger })
    await core.close()
    mkdirSync(holdersDir(dbPath), { recursive: true })
    const stale = join(holdersDir(dbPath), 'crashed.json')
    writeFileSync(
      stale,
      JSON.stringify({ pid: deadPid(), name: 'billops capture', stop: 'stop it', since: '2026-01-01T00:00:00Z' }),
    )
    const restore = await runCliInProcess(['restore', '--db', dbPath, '--from', backupPath])
    expect(restore.code, restore.stderr).toBe(0)
    expect(entryCount(dbPath)).toBe(5)
    expect(existsSync(stale)).toBe(false)
  })

  it('refuses a backup from a newer schema before anything is replaced', async () => {
    const newer = join(dir, 'newer.db')
    const raw = new BetterSqlite3(backupPath)
    raw.prepare('VACUUM INTO ?').run(newer)
    raw.close()
    const edit = new BetterSqlite3(newer)
    edit.pragma('user_version = 999')
    edit.close()
    const restore = await runCliInProcess(['restore', '--db', dbPath, '--from', newer])
    expect(restore.code).not.toBe(0)
    expect(restore.stderr).toMatch(/schema 999, newer than this app understands/)
    expect(entryCount(dbPath)).toBe(3)
    expect(leftovers()).toEqual([])
    closeDatabase(openDatabase(dbPath))
  })
})

describe('a restore that stopped part-way is recovered by the next opening', () => {
  const marker = (fields: Record<string, unknown>) =>
    writeFileSync(
      restoreMarkerPath(dbPath),
      JSON.stringify({
        pid: deadPid(),
        from: backupPath,
        started_at: '2026-01-01T00:00:00Z',
        kept_as: null,
        ...fields,
      }),
    )

  it('killed while copying: rolled back, the database as it was', () => {
    marker({ phase: 'copying' })
    writeFileSync(restoreIncomingPath(dbPath), 'half a copy')
    const db = openDatabase(dbPath)
    closeDatabase(db)
    expect(entryCount(dbPath)).toBe(3)
    expect(leftovers()).toEqual([])
  })

  it('killed right after it linked its marker: the draft it had not removed yet goes too', () => {
    const dead = deadPid()
    marker({ phase: 'copying', pid: dead })
    writeFileSync(`${restoreMarkerPath(dbPath)}.${dead}.new`, '{}')
    // a live process's draft is its own business
    writeFileSync(`${restoreMarkerPath(dbPath)}.${process.pid}.new`, '{}')
    closeDatabase(openDatabase(dbPath))
    expect(entryCount(dbPath)).toBe(3)
    expect(existsSync(`${restoreMarkerPath(dbPath)}.${dead}.new`)).toBe(false)
    expect(existsSync(`${restoreMarkerPath(dbPath)}.${process.pid}.new`)).toBe(true)
    rmSync(`${restoreMarkerPath(dbPath)}.${process.pid}.new`)
    expect(leftovers()).toEqual([])
  })

  it('killed after the database was moved aside: finished with the verified copy, the old one kept', () => {
    const keptAs = `${dbPath}.before-restore-x`
    marker({ phase: 'swapping', kept_as: keptAs })
    const raw = new BetterSqlite3(backupPath)
    raw.prepare('VACUUM INTO ?').run(restoreIncomingPath(dbPath))
    raw.close()
    renameSync(dbPath, keptAs)
    const recovered: string[] = []
    closeDatabase(openDatabase(dbPath, { onRestoreRecovered: (outcome) => recovered.push(outcome) }))
    expect(recovered).toEqual(['finished'])
    expect(entryCount(dbPath)).toBe(5)
    expect(entryCount(keptAs)).toBe(3)
    expect(existsSync(restoreMarkerPath(dbPath))).toBe(false)
  })

  it('killed mid-swap with no usable copy: the old database is put back', () => {
    const keptAs = `${dbPath}.before-restore-x`
    marker({ phase: 'swapping', kept_as: keptAs })
    renameSync(dbPath, keptAs)
    closeDatabase(openDatabase(dbPath))
    expect(entryCount(dbPath)).toBe(3)
    expect(leftovers()).toEqual([])
  })

  it("an older version's empty marker no longer blocks start-up for good", async () => {
    writeFileSync(restoreMarkerPath(dbPath), '')
    const exported = await runCliInProcess(['export', '--db', dbPath, '--what', 'entries', '--format', 'json'])
    expect(exported.code, exported.stderr).toBe(0)
    expect(JSON.parse(exported.stdout)).toHaveLength(3)
    expect(leftovers()).toEqual([])
  })
})

describe('backup --out', () => {
  it('refuses an existing file unless --force, and leaves it as it was', async () => {
    const important = join(dir, 'important.txt')
    writeFileSync(important, 'do not overwrite me')
    const refused = await runCliInProcess(['backup', '--db', dbPath, '--out', important])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/important\.txt already exists; .*--force/)
    expect(readFileSync(important, 'utf8')).toBe('do not overwrite me')
    const forced = await runCliInProcess(['backup', '--db', dbPath, '--out', important, '--force'])
    expect(forced.code, forced.stderr).toBe(0)
    expect(entryCount(important)).toBe(3)
  })
})
