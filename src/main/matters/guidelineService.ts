// Billing-guideline checks for the review queue (#30): the entries asked about, checked together
// with the rest of their days (a daily limit counts every entry of the matter that day).
import { checkGuidelines, toGuidelineEntry, type GuidelineViolation } from '../../shared/matters/guidelines'
import type { Settings } from '../../shared/domain'
import { dayKeyOf } from '../../shared/report/zonedDays'
import type { ReadableDB } from '../store/database'
import { entryStartRange, listEntriesWithMatters } from '../store/matters'

const DAY_MS = 86_400_000

export function createGuidelineService(db: ReadableDB, settings: () => Settings) {
  return {
    check(ids: readonly string[], timeZone: string): Array<{ entry_id: string; violations: GuidelineViolation[] }> {
      const range = entryStartRange(db, ids)
      if (!range) return []
      // a day either side holds every local day of these entries in any zone
      const from = new Date(Date.parse(range.from) - DAY_MS).toISOString()
      const to = new Date(Date.parse(range.to) + DAY_MS).toISOString()
      const entries = listEntriesWithMatters(db, from, to)
      const { client_guidelines: guidelines, client_utbms_required: clientsRequiringCodes } = settings()
      const broken = checkGuidelines(
        entries.map((entry) =>
          toGuidelineEntry(
            entry,
            dayKeyOf(Date.parse(entry.started_at), timeZone),
            entry.status === 'approved',
            clientsRequiringCodes,
          ),
        ),
        (clientId) => (clientId === null ? {} : (guidelines[clientId] ?? {})),
      )
      return ids.map((id) => ({ entry_id: id, violations: broken.get(id) ?? [] }))
    },
  }
}
export type GuidelineService = ReturnType<typeof createGuidelineService>
