// Server entries imported from BillOps' pending-review list, by the local entry that carries
// them. A linked server id is never imported again nor adopted by an outbox item.
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'

export function linkedServerIds(db: ReadableDB): Set<string> {
  return new Set(
    prepared<[], { server_id: string }>(db, 'SELECT server_id FROM server_entry_links')
      .all()
      .map((row) => row.server_id),
  )
}

export function linkServerEntry(db: WritableDB, serverId: string, entryId: string): void {
  prepared(db, 'INSERT OR IGNORE INTO server_entry_links (server_id, entry_id) VALUES (?, ?)').run(serverId, entryId)
}
