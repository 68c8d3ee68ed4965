// Entry ids on the command line are long UUIDs: like git's short hashes, any unique prefix will do.
import type { EntryReview } from '../review/decisionsAdapter'
import { UsageError } from './command'

/** No entry has this id or prefix: exit 1 (not found), not a usage error. */
export class EntryNotFoundError extends Error {
  constructor(given: string, program: string) {
    super(`no entry with id or id prefix '${given}' (\`${program} entries --db FILE\` lists them)`)
    this.name = 'EntryNotFoundError'
  }
}

const SHOWN_CANDIDATES = 5

/** Full ids for the ids or id prefixes given, in the order given; a prefix must match one entry. */
export function resolveEntryIds(
  review: Pick<EntryReview, 'idsWithPrefix'>,
  given: readonly string[],
  program: string,
): string[] {
  return given.map((prefix) => {
    const matches = review.idsWithPrefix(prefix, SHOWN_CANDIDATES + 1)
    if (matches.includes(prefix)) return prefix
    if (matches.length === 0) throw new EntryNotFoundError(prefix, program)
    if (matches.length > 1) {
      const shown = matches.slice(0, SHOWN_CANDIDATES).join(', ')
      throw new UsageError(
        `id prefix '${prefix}' matches more than one entry (${shown}${matches.length > SHOWN_CANDIDATES ? ', …' : ''}); give more characters`,
      )
    }
    return matches[0]!
  })
}
