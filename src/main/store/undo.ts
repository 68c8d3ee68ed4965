// The undo journal: every review action records what it needs to be reversed (entry rows as they
// were, entries it created, entries it approved/rejected, an away decision) in one table row,
// written in the same transaction as the action itself. Undo pops the newest row.
import { z } from 'zod'
import type { WritableDB } from './database'
import { prepared } from './prepared'
import type { EntryRow } from './entries'

/** How many actions stay undoable; older journal rows are pruned. */
const KEEP = 100

export interface UndoRecord {
  label: string
  /** full rows to put back as they were (updated in place, or re-inserted if deleted) */
  beforeRows: EntryRow[]
  /** entries the action created: undo deletes them */
  createdIds: string[]
  /** entries the action approved or rejected: undo reopens them */
  decidedIds: string[]
  /** `${started_at}|${ended_at}` of an away decision: undo forgets it so the prompt returns */
  awayKey: string | null
}

const StoredRecord = z.object({
  seq: z.number(),
  label: z.string(),
  before_rows: z.string(),
  created_ids: z.string(),
  decided_ids: z.string(),
  away_key: z.string().nullable(),
})

export interface UndoJournal {
  push(record: UndoRecord): void
  /** removes and returns the newest record; call inside the transaction that reverses it */
  pop(): UndoRecord | null
}

export function createUndoJournal(db: WritableDB, nowIso: () => string): UndoJournal {
  const insert = prepared(
    db,
    `INSERT INTO review_undo (label, before_rows, created_ids, decided_ids, away_key, created_at)
     VALUES (@label, @before_rows, @created_ids, @decided_ids, @away_key, @created_at)`,
  )
  const prune = prepared(db, 'DELETE FROM review_undo WHERE seq <= (SELECT max(seq) FROM review_undo) - ?')
  const newest = prepared(
    db,
    'SELECT seq, label, before_rows, created_ids, decided_ids, away_key FROM review_undo ORDER BY seq DESC LIMIT 1',
  )
  const remove = prepared<[number]>(db, 'DELETE FROM review_undo WHERE seq = ?')
  return {
    push(record) {
      insert.run({
        label: record.label,
        before_rows: JSON.stringify(record.beforeRows),
        created_ids: JSON.stringify(record.createdIds),
        decided_ids: JSON.stringify(record.decidedIds),
        away_key: record.awayKey,
        created_at: nowIso(),
      })
      prune.run(KEEP)
    },
    pop() {
      const raw = newest.get()
      if (!raw) return null
      const row = StoredRecord.parse(raw)
      remove.run(row.seq)
      return {
        label: row.label,
        beforeRows: JSON.parse(row.before_rows) as EntryRow[],
        createdIds: z.array(z.string()).parse(JSON.parse(row.created_ids)),
        decidedIds: z.array(z.string()).parse(JSON.parse(row.decided_ids)),
        awayKey: row.away_key,
      }
    },
  }
}
