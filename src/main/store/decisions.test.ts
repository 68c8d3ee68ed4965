import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../base/appError'
import { closeDatabase, type WritableDB } from './database'
import { getItem, liveItemFor, updateItem } from './outbox'
import { openTempDb, seedEntries, tempDir } from '../../../test/support/syncFixtures'
import { approveEntries, rejectEntries, reopenEntries } from './decisions'
import { getEntry, insertEntries } from './entries'

describe('entry decisions', () => {
  let db: WritableDB
  let tmp: ReturnType<typeof tempDir>
  beforeEach(() => {
    tmp = tempDir()
    db = openTempDb(tmp.dir)
  })
  afterEach(() => {
    closeDatabase(db)
    tmp.cleanup()
  })

  const outboxRows = () =>
    db
      .prepare<[], { entry_id: string; kind: string; state: string }>(
        'SELECT entry_id, kind, state FROM outbox ORDER BY id',
      )
      .all()

  it('approving applies the edits and queues exactly one ingest item per entry', () => {
    const [a, b] = seedEntries(db, 2)
    const changed = approveEntries(db, [a!.id, b!.id, a!.id], {
      project_id: 'p',
      client_id: 'c',
      activity_type: 'research',
      notes: 'n',
    })
    expect(changed).toHaveLength(2)
    expect(getEntry(db, a!.id)).toMatchObject({
      status: 'approved',
      project_id: 'p',
      client_id: 'c',
      activity_type: 'research',
      notes: 'n',
      sync_state: 'queued',
      user_touched: true,
    })
    // approving again with new edits before it was sent replaces the queued item
    approveEntries(db, [a!.id], { notes: 'changed' })
    expect(getEntry(db, a!.id)?.notes).toBe('changed')
    expect(outboxRows().filter((r) => r.state === 'queued')).toEqual([
      { entry_id: b!.id, kind: 'ingest', state: 'queued' },
      { entry_id: a!.id, kind: 'ingest', state: 'queued' },
    ])
  })

  it('rejecting a local entry cancels its unsent item and keeps it local', () => {
    const [a] = seedEntries(db, 1)
    approveEntries(db, [a!.id])
    rejectEntries(db, [a!.id])
    expect(getEntry(db, a!.id)).toMatchObject({ status: 'rejected', sync_state: 'local' })
    expect(liveItemFor(db, a!.id)).toBeNull()
  })

  it('reopen undoes a decision that was not sent yet, and is a conflict once it was', () => {
    const [a, b] = seedEntries(db, 2)
    approveEntries(db, [a!.id, b!.id])
    reopenEntries(db, [a!.id])
    expect(getEntry(db, a!.id)).toMatchObject({ status: 'pending', sync_state: 'local' })
    expect(liveItemFor(db, a!.id)).toBeNull()

    const item = liveItemFor(db, b!.id)!
    updateItem(db, item.id, { sent: true }, '2024-01-24T10:00:00Z')
    expect(() => reopenEntries(db, [b!.id])).toThrow(AppError)
    expect(() => rejectEntries(db, [b!.id])).toThrow(/already sent/)
    expect(() => approveEntries(db, [b!.id], { notes: 'late edit' })).toThrow(/already sent/)
    // approving again without edits is harmless
    expect(approveEntries(db, [b!.id])).toEqual([])
    expect(getEntry(db, b!.id)).toMatchObject({ status: 'approved' })
  })

  it('is all or nothing: one unknown id changes nothing', () => {
    const [a] = seedEntries(db, 1)
    expect(() => approveEntries(db, [a!.id, 'missing'])).toThrow(/missing does not exist/)
    expect(getEntry(db, a!.id)?.status).toBe('pending')
    expect(outboxRows()).toEqual([])
  })

  it('decisions on server entries become PATCH items, rejection included', () => {
    const [template] = seedEntries(db, 1)
    insertEntries(db, [
      {
        ...template!,
        id: 'server-x',
        source: 'server',
        server_ids: ['x'],
        sync_state: 'synced',
        started_at: '2024-03-01T09:00:00Z',
        ended_at: '2024-03-01T09:30:00Z',
      },
    ])
    rejectEntries(db, ['server-x'])
    expect(outboxRows()).toEqual([{ entry_id: 'server-x', kind: 'decision', state: 'queued' }])
    expect(getEntry(db, 'server-x')).toMatchObject({ status: 'rejected', sync_state: 'queued' })
    approveEntries(db, ['server-x'], { project_id: 'p' })
    expect(outboxRows().map((r) => r.state)).toEqual(['cancelled', 'queued'])
    reopenEntries(db, ['server-x'])
    expect(getEntry(db, 'server-x')).toMatchObject({ status: 'pending', sync_state: 'synced' })
    expect(getItem(db, 2)?.state).toBe('cancelled')
  })

  it('rejects edits outside the contract', () => {
    const [a] = seedEntries(db, 1)
    expect(() => approveEntries(db, [a!.id], { activity_type: 'napping' as never })).toThrow()
    expect(getEntry(db, a!.id)?.status).toBe('pending')
  })
})
