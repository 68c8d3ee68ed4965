// Reading a whole skip/limit listing of the BillOps API (pending review, entries) without trusting
// the server to end it: one page in memory, ids to skip repeats, and a page limit.
import type { EntryPage, ServerEntry } from './apiSchemas'
import type { PageQuery } from './apiClient'
import { BillOpsError } from './billOpsError'

/** A listing longer than this many pages is refused: no real pending list is that long. */
export const MAX_PAGES = 1_000

/**
 * Pages through a skip/limit listing until every entry has been read, handing each page's new
 * entries to `visit` and keeping only their ids: memory is one page (at most the response limit)
 * plus the ids, whatever the listing's length. A server cannot keep us paging: a page that adds no
 * new id ends the listing, and more than MAX_PAGES pages is an error. Returns how many entries.
 */
export async function scanAllPages(
  readPage: (page: PageQuery) => Promise<EntryPage>,
  visit: (entries: ServerEntry[]) => void | Promise<void>,
  pageSize = 200,
  maxPages = MAX_PAGES,
): Promise<number> {
  const seen = new Set<string>()
  for (let skip = 0, pages = 0; ;) {
    if (pages >= maxPages) {
      throw new BillOpsError(
        'unexpected_shape',
        `the server's listing did not end after ${maxPages} pages (${seen.size} entries read); stopped`,
      )
    }
    const page = await readPage({ skip, limit: pageSize })
    pages++
    // Offset paging over a changing list can repeat a row; never count it twice.
    const fresh = page.entries.filter((entry) => !seen.has(entry.id) && seen.add(entry.id))
    if (fresh.length > 0) await visit(fresh)
    skip += page.entries.length
    if (page.entries.length === 0 || fresh.length === 0 || skip >= page.total) return seen.size
  }
}

/** Every entry of a listing (callers that need them all at once; see scanAllPages). */
export async function readAllPages(
  readPage: (page: PageQuery) => Promise<EntryPage>,
  pageSize = 200,
  maxPages = MAX_PAGES,
): Promise<ServerEntry[]> {
  const all: ServerEntry[] = []
  await scanAllPages(readPage, (entries) => void all.push(...entries), pageSize, maxPages)
  return all
}
