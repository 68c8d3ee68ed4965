// Rule changes reach calendar meetings too (#16): untouched pending calendar suggestions take
// the client/project the current rules (or learned meetings) give their attendees and title,
// as app suggestions are re-classified. Their spans stay: the join already decided those.
import type { EntryDelta } from '../../shared/contract/entries'
import { eventClassification, type LearnedDomainHint } from '../../shared/calendar/eventRules'
import type { MatterRecognizer } from '../../shared/matters/recognize'
import type { ClassificationRule } from '../../shared/domain'
import { entryToRow, REWRITABLE, rewritableCalendarEntries, rowToEntry, updateEntryRow } from '../store/entries'
import type { WritableDB } from '../store/database'
import { inTransaction } from '../store/transaction'

const BONUS = { rule: 0.1, matter: 0.1, learned: 0.05, default: 0 } as const

interface StoredCalendarContext {
  kind: string
  event_key: string
  title: string
  attendee_domains?: string[]
}

export function reclassifyCalendarEntries(
  db: WritableDB,
  rules: readonly ClassificationRule[],
  learned: readonly LearnedDomainHint[],
  nowIso: string,
  matters: MatterRecognizer | null = null,
): EntryDelta {
  const delta: EntryDelta = { added: [], changed: [], removed: [] }
  const rows = rewritableCalendarEntries(db)
  inTransaction(db, () => {
    for (const row of rows) {
      const entry = rowToEntry(row)
      const calendar = entry.context_data.calendar as StoredCalendarContext
      const event = {
        key: calendar.event_key,
        uid: '',
        title: calendar.title,
        startMs: 0,
        endMs: 0,
        allDay: false,
        cancelled: false,
        transparent: false,
        myStatus: null,
        attendeeDomains: calendar.attendee_domains ?? [],
      }
      const next = eventClassification(event, rules, learned, matters)
      const projectId = next?.projectId ?? null
      const clientId = next?.clientId ?? null
      if (projectId === entry.project_id && clientId === entry.client_id) continue
      const context = entry.context_data
      const before = context.suggestion_source ?? 'default'
      const after = next?.source ?? 'default'
      // A calendar-only draft stays below the verify threshold whatever decided its client.
      const confidence =
        calendar.kind === 'meeting'
          ? Math.round(Math.min(1, context.confidence - BONUS[before] + BONUS[after]) * 100) / 100
          : context.confidence
      const { suggestion_reason: oldReason, ...rest } = context
      entry.project_id = projectId
      entry.client_id = clientId
      entry.updated_at = nowIso
      entry.context_data = {
        ...rest,
        confidence,
        suggestion_source: after,
        reasons: [...context.reasons.filter((reason) => reason !== oldReason), ...(next ? [next.reason] : [])],
        ...(next ? { suggestion_reason: next.reason } : {}),
      }
      if (updateEntryRow(db, entryToRow(entry), REWRITABLE)) delta.changed.push(entry.id)
    }
  })
  return delta
}
