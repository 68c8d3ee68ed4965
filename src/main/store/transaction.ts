// One unit of work across several store calls (a review decision and its outbox item, a sync
// answer and the entry's state): every write in `work` lands, or none does. Reads inside it see
// one snapshot. Features compose store functions this way without touching the connection.
import type { ReadableDB } from './database'

export function inTransaction<T>(db: ReadableDB, work: () => T): T {
  return db.transaction(work)()
}
