// `cli backup` / `cli restore` round trip: back up, change the database, restore, and the entries
// export is byte-for-byte what it was before the change.
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { seedEntries } from '../../../../test/support/syncFixtures'
import { closeDatabase, openDatabase } from '../../store/database'
import { restoreMarkerPath } from '../../store/restoreMarker'
import { runCliInProcess } from '../../../../test/support/cliRun'

const cli = (...argv: string[]) => runCliInProcess(argv)

const exportEntries = async (db: string) => {
  const result = await cli('export', '--db', db, '--what', 'entries', '--format', 'json')
  expect(result.code, result.stderr).toBe(0)
  return result.stdout
}

describe('cli backup and restore', () => {
  it('round trip: backup, change the database, restore → the entries export is identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billops-backup-cli-'))
    const dbPath = join(dir, 'billops.db')
    const backupPath = join(dir, 'saved', 'billops-backup.db')
    const db = openDatabase(dbPath)
    seedEntries(db, 12)
    closeDatabase(db)
    const before = await exportEntries(dbPath)
    expect(JSON.parse(before)).toHaveLength(12)

    const backup = await cli('backup', '--db', dbPath, '--out', backupPath)
    expect(backup.code, backup.stderr).toBe(0)
    expect(JSON.parse(backup.stdout)).toEqual({ backup: backupPath, verified: true })

    const changed = openDatabase(dbPath)
    changed.prepare("DELETE FROM entries WHERE id IN ('local-00003', 'local-00007')").run()
    closeDatabase(changed)
    expect(await exportEntries(dbPath)).not.toBe(before)

    const restore = await cli('restore', '--db', dbPath, '--from', backupPath)
    expect(restore.code, restore.stderr).toBe(0)
    const keptAs = JSON.parse(restore.stdout).previous_kept_as as string
    expect(await exportEntries(dbPath)).toBe(before)
    // The replaced database was renamed aside, not deleted, and the marker is gone.
    expect(existsSync(keptAs)).toBe(true)
    expect(await exportEntries(keptAs)).not.toBe(before)
    expect(existsSync(restoreMarkerPath(dbPath))).toBe(false)
    expect(readdirSync(dir).filter((n) => n.includes('partial'))).toEqual([])
  })

  it('refuses to open, back up or restore a database while a restore of it is under way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billops-backup-cli-'))
    const dbPath = join(dir, 'billops.db')
    closeDatabase(openDatabase(dbPath))
    const backupPath = join(dir, 'b.db')
    expect((await cli('backup', '--db', dbPath, '--out', backupPath)).code).toBe(0)
    // A restore under way in a process that runs (this one).
    writeFileSync(
      restoreMarkerPath(dbPath),
      JSON.stringify({
        pid: process.pid,
        from: backupPath,
        started_at: new Date().toISOString(),
        phase: 'copying',
        kept_as: null,
      }),
    )
    expect(() => openDatabase(dbPath)).toThrow(/being restored/)
    const exported = await cli('export', '--db', dbPath, '--what', 'entries', '--format', 'json')
    expect(exported.code).not.toBe(0)
    expect(exported.stderr).toMatch(/being restored/)
    expect((await cli('backup', '--db', dbPath, '--out', join(dir, 'c.db'))).stderr).toMatch(/being restored/)
    const restore = await cli('restore', '--db', dbPath, '--from', backupPath)
    expect(restore.code).not.toBe(0)
    expect(restore.stderr).toMatch(/being restored/)
  })

  it('refuses to restore from a file that is not a sound database, and leaves the database alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'billops-backup-cli-'))
    const dbPath = join(dir, 'billops.db')
    const db = openDatabase(dbPath)
    seedEntries(db, 3)
    closeDatabase(db)
    const before = await exportEntries(dbPath)
    const bad = join(dir, 'bad.db')
    writeFileSync(bad, 'garbage '.repeat(1000))
    const restore = await cli('restore', '--db', dbPath, '--from', bad)
    expect(restore.code).not.toBe(0)
    expect(await exportEntries(dbPath)).toBe(before)
    expect(existsSync(restoreMarkerPath(dbPath))).toBe(false)
  })
})
