// Issue #26 (5): under umask 022 the database, the backups and the log file were created 0644
// and their folders 0755. Everything the app and the CLI create is 0600, folders 0700, whatever
// the umask (the CLI run under umask 022 is checked in store/restoreWhileCapturing.test.ts).
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createRotatingFileLog } from './fileLog'
import { closeDatabase, openDatabase } from '../store/database'
import { migrations } from '../store/migrations'
import { backupFile, backupsDir, listBackups, takeBackup } from '../store/backups'
import { holdersDir } from '../store/dbHolders'

const modeOf = (path: string) => statSync(path).mode & 0o777

let dir: string
let previousUmask: number
beforeEach(() => {
  // The forks pool runs each file in a process of its own: its umask is ours to set.
  previousUmask = process.umask(0o022)
  dir = mkdtempSync(join(tmpdir(), 'billops-modes-'))
})
afterEach(() => {
  process.umask(previousUmask)
  rmSync(dir, { recursive: true, force: true })
})

describe('private files under umask 022', () => {
  it('the database, its WAL and SHM, its folder and its holder file', () => {
    const dbPath = join(dir, 'new-folder', 'billops.db')
    const db = openDatabase(dbPath)
    db.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run()
    expect(modeOf(join(dir, 'new-folder'))).toBe(0o700)
    expect(modeOf(dbPath)).toBe(0o600)
    expect(modeOf(`${dbPath}-wal`)).toBe(0o600)
    expect(modeOf(`${dbPath}-shm`)).toBe(0o600)
    expect(modeOf(holdersDir(dbPath))).toBe(0o700)
    for (const name of readdirSync(holdersDir(dbPath))) expect(modeOf(join(holdersDir(dbPath), name))).toBe(0o600)
    closeDatabase(db)
  })

  it('pre-migration, daily and manual backups and their folder', async () => {
    const dbPath = join(dir, 'billops.db')
    closeDatabase(openDatabase(dbPath, { migrations: migrations.slice(0, -1) }))
    const db = openDatabase(dbPath)
    await takeBackup(db, dbPath, 'daily')
    closeDatabase(db)
    const out = join(dir, 'exported', 'copy.db')
    await backupFile(dbPath, out)
    const backups = listBackups(dbPath)
    expect(backups.map((b) => b.kind).sort()).toEqual(['daily', 'pre-migration'])
    expect(modeOf(backupsDir(dbPath))).toBe(0o700)
    for (const backup of backups) expect(modeOf(backup.path)).toBe(0o600)
    expect(modeOf(out)).toBe(0o600)
    expect(modeOf(join(dir, 'exported'))).toBe(0o700)
  })

  it('the log file and its folder, rotated files too', () => {
    const path = join(dir, 'logs', 'billops.log')
    const log = createRotatingFileLog({ path, maxBytes: 64, keep: 2 })
    for (let i = 0; i < 5; i++) log.write(`line ${i} ${'x'.repeat(40)}`)
    expect(modeOf(join(dir, 'logs'))).toBe(0o700)
    expect(modeOf(path)).toBe(0o600)
    expect(modeOf(`${path}.1`)).toBe(0o600)
  })
})
