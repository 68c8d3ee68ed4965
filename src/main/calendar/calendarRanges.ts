// Occurrences on demand (#23): whoever needs a calendar's events for some dates (the heuristics'
// join over the signals it processed, the timeline's day, the weeks around today) asks for the
// range; the weeks not held yet are expanded in the worker and stored. The main thread only reads
// which weeks are missing and writes the result. Each source has a time budget, each call a cap
// over all sources: a calendar that cannot be expanded in time is stored as far as it got and
// counted (`expansion_cut_short`), never retried until its text changes, and never holds the app.
import type { ExpandOutcome, ExpandRequest } from '../../shared/calendar/expander'
import { errorMessage } from '../../shared/errorMessage'
import type { Logger } from '../base/logger'
import { WEEK_MS, type CalendarRepository, type ExpandableSource } from '../store/calendars'

/** Worker time one source may take per call. */
export const PER_SOURCE_BUDGET_MS = 2_000
/** Worker time one call may take over all sources; sources left over are expanded on the next call. */
export const TOTAL_BUDGET_MS = 5_000
/** The longest range one call expands (a history import of years comes in rounds well below it). */
const MAX_RANGE_MS = 10 * 366 * 86_400_000
/** Weeks per worker request: bounds the occurrences one reply carries, so validating and storing
 * it stays a short slice of the main thread (30 daily series: about 1,700 occurrences). */
const WEEKS_PER_REQUEST = 8

export interface CalendarRangesDeps {
  repo: CalendarRepository
  expand: (request: ExpandRequest) => Promise<ExpandOutcome>
  logger: Logger
  /** budgets (tests make them small) */
  perSourceBudgetMs?: number
  totalBudgetMs?: number
}

export function createCalendarRanges(deps: CalendarRangesDeps) {
  const perSource = deps.perSourceBudgetMs ?? PER_SOURCE_BUDGET_MS
  const total = deps.totalBudgetMs ?? TOTAL_BUDGET_MS
  // One call at a time: two callers asking for the same week expand it once.
  let queue: Promise<void> = Promise.resolve()

  async function ensureNow(fromMs: number, untilMs: number): Promise<void> {
    if (!(untilMs > fromMs)) return
    const toMs = Math.min(untilMs, fromMs + MAX_RANGE_MS)
    // Set when the first source starts: that one always gets its budget, the cap stops the others.
    let deadline: number | null = null
    for (const source of deps.repo.expandable()) {
      const weeks = deps.repo.missingWeeks(source.id, fromMs, toMs)
      if (weeks.length === 0) continue
      if (deadline !== null && deadline <= Date.now()) {
        deps.logger.warn('calendar expansion reached its time cap; the other calendars follow on the next request')
        return
      }
      deadline ??= Date.now() + total
      try {
        await expandSource(source, weeks, Math.min(Date.now() + perSource, deadline))
      } catch (error) {
        // A crashed worker restarts on the next call; the weeks not stored are asked again next time.
        deps.logger.warn('calendar expansion failed', errorMessage(error))
      }
    }
  }

  /** A source's missing weeks, a few at a time: each reply is parsed and stored in a short main-thread slice. */
  async function expandSource(source: ExpandableSource, weeks: readonly number[], deadline: number): Promise<void> {
    for (let at = 0; at < weeks.length; at += WEEKS_PER_REQUEST) {
      const batch = weeks.slice(at, at + WEEKS_PER_REQUEST)
      const budgetMs = deadline - Date.now()
      if (budgetMs <= 0) {
        // Out of budget between two batches: the rest counts as cut short, like a batch stopped midway.
        deps.logger.warn('calendar expansion ran out of its time budget', `${weeks.length - at} weeks`)
        deps.repo.markCutShort(source.id, source.content_version, weeks.slice(at))
        return
      }
      const request: ExpandRequest = {
        sourceId: source.id,
        version: source.content_version,
        text: null,
        myEmails: source.my_emails,
        ranges: weekRanges(batch),
        budgetMs,
      }
      let outcome = await deps.expand(request)
      // The worker does not hold this text yet (started anew, or another version): send it once.
      if (outcome.outcome === 'need_text') outcome = await deps.expand({ ...request, text: deps.repo.text(source.id) })
      if (outcome.outcome !== 'expanded') {
        deps.logger.warn('calendar could not be expanded', outcome.outcome === 'invalid' ? outcome.message : 'no text')
        return
      }
      const stored = deps.repo.storeExpansion(source.id, {
        version: source.content_version,
        weeks: batch,
        events: outcome.events,
        complete: outcome.complete,
        summary: outcome.summary,
      })
      if (!stored) return // the text changed meanwhile: the next request expands the new one
      if (!outcome.complete) {
        deps.logger.warn('calendar expansion ran out of its time budget', `${weeks.length - at} weeks`)
        deps.repo.markCutShort(source.id, source.content_version, weeks.slice(at + WEEKS_PER_REQUEST), true)
        return
      }
    }
  }

  return {
    ensure(fromMs: number, toMs: number): Promise<void> {
      const run = queue.then(() => ensureNow(fromMs, toMs))
      queue = run.catch(() => undefined)
      return run
    },
    /** Resolves when no expansion is in flight (closing waits for it). */
    idle: (): Promise<void> => queue,
  }
}

/** Runs of consecutive weeks as ranges: one expansion per run, not per week. */
function weekRanges(weeks: readonly number[]): Array<{ fromMs: number; toMs: number }> {
  const ranges: Array<{ fromMs: number; toMs: number }> = []
  for (const week of weeks) {
    const last = ranges.at(-1)
    if (last && last.toMs === week * WEEK_MS) last.toMs += WEEK_MS
    else ranges.push({ fromMs: week * WEEK_MS, toMs: (week + 1) * WEEK_MS })
  }
  return ranges
}
