// What the heuristics read to join calendar meetings (#16): the suggestions of their own around
// the meetings — the open tail's tentative ones included, so a meeting that has ended is joined
// without waiting for later activity (#23) — and the spans of every other entry, which the join
// must never cover.
import type { LearnedDomainHint } from '../../shared/calendar/eventRules'
import { SuggestedEntry } from '../../shared/heuristics/types'
import { parseIsoUtc, formatIsoUtc } from '../../shared/heuristics/isoTime'
import { prepared } from '../store/prepared'
import type { Database } from '../store/database'
import type { Interval } from './heuristicsStore'
import type { WireEntry } from './protocol'

interface Row {
  id: string
  mine: number
  tail: number
  started_at: string
  ended_at: string
  duration_minutes: number
  activity_type: string
  project_id: string | null
  client_id: string | null
  context_data: string
}

export interface JoinCandidates {
  /** ids of the entries the join may replace, in the order of `entries` */
  ids: string[]
  /** those of them that are the open tail's tentative entries (the fold must let go of them) */
  tailIds: string[]
  entries: WireEntry[]
  frozen: Interval[]
}

export function joinCandidates(db: Database, fromMs: number, toMs: number): JoinCandidates {
  const rows = prepared<[string, string], Row>(
    db,
    `SELECT id, (status = 'pending' AND user_touched = 0 AND source = 'auto') AS mine, id IN (SELECT entry_id FROM heuristics_tail) AS tail,
       started_at, ended_at, duration_minutes, activity_type, project_id, client_id, context_data
     FROM entries WHERE ended_at > ? AND started_at < ? ORDER BY started_at`,
  ).all(formatIsoUtc(fromMs), formatIsoUtc(toMs))
  const result: JoinCandidates = { ids: [], tailIds: [], entries: [], frozen: [] }
  for (const row of rows) {
    const span = { startMs: parseIsoUtc(row.started_at), endMs: parseIsoUtc(row.ended_at) }
    const entry = row.mine ? readSuggestion(row) : null
    if (entry) {
      result.ids.push(row.id)
      if (row.tail) result.tailIds.push(row.id)
      result.entries.push({ ...span, entry, verification: null })
    } else {
      // Not ours, or not in the shape the engine writes: the join treats it as the user's.
      result.frozen.push(span)
    }
  }
  return result
}

function readSuggestion(row: Row): SuggestedEntry | null {
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
export function learnedDomainHints(db: Database): LearnedDomainHint[] {
  return prepared<[], { domain: string; project_id: string | null; client_id: string | null; approvals: number }>(
    db,
    `SELECT d.value AS domain, e.project_id, e.client_id, count(*) AS approvals
     FROM entries e, json_each(e.context_data, '$.calendar.attendee_domains') d
     WHERE e.status = 'approved' AND (e.project_id IS NOT NULL OR e.client_id IS NOT NULL)
     GROUP BY 1, 2, 3`,
  ).all()
}
