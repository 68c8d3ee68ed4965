// What the heuristics read to join calendar meetings (#16): the suggestions of their own around
// the meetings — the open tail's tentative ones included, so a meeting that has ended is joined
// without waiting for later activity (#23) — and the spans of every other entry, which the join
// must never cover.
import type { LearnedDomainHint } from '../../shared/calendar/eventRules'
import { SuggestedEntry } from '../../shared/heuristics/types'
import { parseIsoUtc, formatIsoUtc } from '../../shared/isoTime'
import { approvedByAttendeeDomain, joinCandidateRows, type JoinCandidateRow } from '../store/entries'
import type { ReadableDB } from '../store/database'
import type { Interval } from '../store/suggest'
import type { WireEntry } from './protocol'

export interface JoinCandidates {
  /** ids of the entries the join may replace, in the order of `entries` */
  ids: string[]
  /** those of them that are the open tail's tentative entries (the fold must let go of them) */
  tailIds: string[]
  entries: WireEntry[]
  frozen: Interval[]
}

export function joinCandidates(db: ReadableDB, fromMs: number, toMs: number): JoinCandidates {
  const rows = joinCandidateRows(db, formatIsoUtc(fromMs), formatIsoUtc(toMs))
  const result: JoinCandidates = { ids: [], tailIds: [], entries: [], frozen: [] }
  for (const row of rows) {
    const span = { startMs: parseIsoUtc(row.started_at), endMs: parseIsoUtc(row.ended_at) }
    const entry = row.rewritable ? readSuggestion(row) : null
    if (entry) {
      result.ids.push(row.id)
      if (row.inTail) result.tailIds.push(row.id)
      result.entries.push({ ...span, entry, verification: null })
    } else {
      // Not ours, or not in the shape the engine writes: the join treats it as the user's.
      result.frozen.push(span)
    }
  }
  return result
}

function readSuggestion(row: JoinCandidateRow): SuggestedEntry | null {
  let context: unknown
  try {
    context = JSON.parse(row.context_data)
  } catch {
    return null
  }
  const parsed = SuggestedEntry.safeParse({
    started_at: row.started_at,
    ended_at: row.ended_at,
    duration_minutes: row.duration_minutes,
    status: 'pending',
    source: 'auto',
    activity_type: row.activity_type,
    project_id: row.project_id,
    client_id: row.client_id,
    notes: null,
    context_data: context,
  })
  return parsed.success ? parsed.data : null
}

/** Approved calendar-backed entries by attendee domain: the project/client the user gave them. */
export function learnedDomainHints(db: ReadableDB): LearnedDomainHint[] {
  return approvedByAttendeeDomain(db)
}
