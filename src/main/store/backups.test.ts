import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { seedEntries } from '../../../test/support/syncFixtures'
import {
  backupsDir,
  BackupVerificationError,
  DAILY_BACKUP_MS,
  DAILY_BACKUPS_KEPT,
  listBackups,
  startDailyBackups,
  takeBackup,
  verifyBackup,
} from './backups'
import { closeDatabase, openDatabase } from './database'
import { migrations } from './migrations'

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'billops-backups-')), 'billops.db')
const DAY = DAILY_BACKUP_MS

describe('backups', () => {
  it('takes a verified backup before migrating a database that has data, and keeps it through rotation', () => {
    const dbPath = tempDb()
    const older = migrations.slice(0, -1)
    closeDatabase(openDatabase(dbPath, { migrations: older }))
    expect(listBackups(dbPath)).toEqual([]) // a new database has nothing to back up
    const db = openDatabase(dbPath)
    closeDatabase(db)
    const [pre] = listBackups(dbPath)
    const from = older.at(-1)!.version
    const to = migrations.at(-1)!.version
    expect(pre).toMatchObject({ kind: 'pre-migration' })
    expect(basename(pre.path)).toMatch(new RegExp(`-pre-migration-v${from}-to-v${to}\\.db$`))
    const copy = new BetterSqlite3(pre.path, { readonly: true })
    expect(copy.pragma('user_version', { simple: true })).toBe(from)
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete')
    copy.close()
    // No second backup when nothing is left to migrate.
    closeDatabase(openDatabase(dbPath))
    expect(listBackups(dbPath)).toHaveLength(1)
  })

  it('keeps the newest 7 daily backups and never deletes pre-migration or manual ones', async () => {
    const dbPath = tempDb()
    closeDatabase(openDatabase(dbPath, { migrations: migrations.slice(0, -1) }))
    const db = openDatabase(dbPath) // leaves one pre-migration backup
    seedEntries(db, 4)
    const t0 = Date.UTC(2026, 0, 1)
    await takeBackup(db, dbPath, 'manual', t0)
    for (let day = 1; day <= 10; day++) await takeBackup(db, dbPath, 'daily', t0 + day * DAY)
    const backups = listBackups(dbPath)
    expect(backups.filter((b) => b.kind === 'daily')).toHaveLength(DAILY_BACKUPS_KEPT)
    expect(backups.filter((b) => b.kind === 'daily').at(-1)!.created_at).toBe(new Date(t0 + 4 * DAY).toISOString())
    expect(backups.filter((b) => b.kind === 'pre-migration')).toHaveLength(1)
    expect(backups.filter((b) => b.kind === 'manual')).toHaveLength(1)
    // Each one is a sound copy with the data.
    for (const backup of backups) {
      const copy = new BetterSqlite3(backup.path, { readonly: true })
      expect(copy.prepare('SELECT COUNT(*) AS n FROM entries').get()).toEqual({
        n: backup.kind === 'pre-migration' ? 0 : 4,
      })
      copy.close()
    }
    expect(readdirSync(backupsDir(dbPath)).filter((n) => n.includes('partial'))).toEqual([])
    closeDatabase(db)
  })

  it('refuses a damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'billops-backups-'))
    const bad = join(dir, 'bad.db')
    writeFileSync(bad, 'x'.repeat(8192))
    expect(() => verifyBackup(bad)).toThrow(BackupVerificationError)
    // A real database whose pages were overwritten in the middle.
    const dbPath = join(dir, 'real.db')
    const db = openDatabase(dbPath)
    seedEntries(db, 200)
    db.pragma('wal_checkpoint(TRUNCATE)')
    closeDatabase(db)
    const raw = new BetterSqlite3(dbPath)
    const pageSize = raw.pragma('page_size', { simple: true }) as number
    const pages = raw.pragma('page_count', { simple: true }) as number
    raw.close()
    expect(pages).toBeGreaterThan(4)
    const fd = openSync(dbPath, 'r+')
    writeSync(fd, Buffer.alloc(pageSize * 2, 0x5a), 0, pageSize * 2, pageSize * (pages - 3))
    closeSync(fd)
    expect(() => verifyBackup(dbPath)).toThrow(BackupVerificationError)
  })

  it('while the app runs: one backup a day, rotated', async () => {
    const dbPath = tempDb()
    const db = openDatabase(dbPath)
    let now = Date.UTC(2026, 5, 1)
    const errors: unknown[] = []
    const daily = startDailyBackups({
      db,
      dbPath,
      now: () => now,
      onError: (e) => errors.push(e),
      firstCheckMs: 1e9,
      checkEveryMs: 1e9,
    })
    await daily.check()
    expect(listBackups(dbPath)).toHaveLength(1)
    now += DAY / 2
    await daily.check()
    expect(listBackups(dbPath)).toHaveLength(1)
    for (let i = 0; i < 9; i++) {
      now += DAY
      await daily.check()
    }
    expect(listBackups(dbPath)).toHaveLength(DAILY_BACKUPS_KEPT)
    await daily.stop()
    expect(errors).toEqual([])
    closeDatabase(db)
  })

  it('skips nothing silently: a failed daily backup is reported', async () => {
    const dbPath = tempDb()
    const db = openDatabase(dbPath)
    const errors: unknown[] = []
    // The backups folder is a file: every backup fails.
    const blocked = join(mkdtempSync(join(tmpdir(), 'billops-backups-')), 'x', 'billops.db')
    mkdirSync(join(blocked, '..'), { recursive: true })
    writeFileSync(join(blocked, '..', 'backups'), 'not a folder')
    const daily = startDailyBackups({
      db,
      dbPath: blocked,
      now: () => Date.now(),
      onError: (e) => errors.push(e),
      firstCheckMs: 1e9,
    })
    await daily.check()
    await daily.stop()
    expect(errors).toHaveLength(1)
    expect(existsSync(join(blocked, '..', 'backups'))).toBe(true)
    closeDatabase(db)
  })
})

describe('an update never deletes backups', () => {
  it('installers keep user data (where the database and its backups live) on update and uninstall', () => {
    const require = createRequire(import.meta.url)
    const { load } = require('js-yaml') as { load(text: string): unknown }
    const config = load(readFileSync(join(__dirname, '../../../electron-builder.yml'), 'utf8')) as {
      nsis?: Record<string, unknown>
    }
    // electron-builder's default is false; setting it would wipe userData, backups included.
    expect(config.nsis?.deleteAppDataOnUninstall ?? false).toBe(false)
  })

  it('a migration (an update) adds a backup and removes none', () => {
    const dbPath = tempDb()
    closeDatabase(openDatabase(dbPath, { migrations: migrations.slice(0, -2) }))
    closeDatabase(openDatabase(dbPath, { migrations: migrations.slice(0, -1) }))
    const before = listBackups(dbPath).map((b) => b.path)
    expect(before).toHaveLength(1)
    closeDatabase(openDatabase(dbPath))
    const after = listBackups(dbPath).map((b) => b.path)
    expect(after).toHaveLength(2)
    expect(after).toEqual(expect.arrayContaining(before))
  })
})
