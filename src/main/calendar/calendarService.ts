// Calendar sources (#16): add an .ics file or an https subscription, refresh subscriptions
// every 15 minutes with conditional requests, and expand occurrences for whatever dates are
// asked (#23: the signals the heuristics process, the day shown, around today), off the main
// thread and cached per week (calendarRanges.ts). The join itself is pure and runs in the
// heuristics worker (src/shared/calendar/join.ts); this module only fetches and stores.
import { randomUUID } from 'node:crypto'
import { errorMessage } from '../../shared/errorMessage'
import { formatIsoUtc } from '../../shared/isoTime'
import { expandCalendar } from '../../shared/calendar/expand'
import type { ExpandOutcome, ExpandRequest } from '../../shared/calendar/expander'
import { meetingsToSuggest, skipReason, type SkipReason } from '../../shared/calendar/filter'
import { describeSkipped, type CalendarEventInstance } from '../../shared/calendar/types'
import type { CalendarLaneEvent, CalendarSource } from '../../shared/contract/calendar'
import type { Settings } from '../../shared/domain'
import type { Clock } from '../base/clock'
import type { Logger } from '../base/logger'
import type { SecretStore } from '../base/secretStore'
import { createCalendarRepository, type FetchOutcome, type StoredCalendarSource } from '../store/calendars'
import type { WritableDB } from '../store/database'
import { createCalendarRanges, PER_SOURCE_BUDGET_MS } from './calendarRanges'
import { fetchIcs } from './fetchIcs'
import { createSubscriptionSecrets, MISSING_SUBSCRIPTION_URL } from './subscriptionSecret'
import { isRedactedUrl, redactedUrl, subscriptionUrl } from './subscriptionUrl'
import { meetingCounts, type MeetingCounts } from '../store/meetingCounts'

export type { MeetingCounts }

export const REFRESH_INTERVAL_MS = 15 * 60_000
const DAY = 86_400_000
/** Kept expanded around the clock (timeline, away prompt, live joins), warmed on add and refresh. */
export const EXPAND_PAST_MS = 60 * DAY
export const EXPAND_FUTURE_MS = 30 * DAY

/** One occurrence as the app reads it, for `billops calendar events` (what the app believes). */
export interface CalendarOccurrence {
  start: string
  end: string
  title: string
  calendar: string
  /** why it is not suggested (a skip setting), or null */
  skipped: SkipReason | null
}

/** Input the user can fix (not a calendar, not https, added twice): shown as it is. */
export class CalendarInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CalendarInputError'
  }
}

export interface CalendarServiceDeps {
  db: WritableDB
  clock: Clock
  logger: Logger
  fetch: typeof fetch
  /** where subscription URLs are kept (they usually embed a secret) */
  secretStore: SecretStore
  settings: () => Settings
  /** parses and expands in a worker (suggest/calendarWorker.ts): the main thread only stores */
  expand: (request: ExpandRequest) => Promise<ExpandOutcome>
  /** worker time per source and per request (defaults in calendarRanges.ts; tests make them small) */
  expansionBudget?: { perSourceMs: number; totalMs: number }
  /** sources or events changed (the heuristics join new meetings on their next round) */
  onChanged?: () => void
}

export function createCalendarService(deps: CalendarServiceDeps) {
  const repo = createCalendarRepository(deps.db)
  const ranges = createCalendarRanges({
    repo,
    expand: deps.expand,
    logger: deps.logger,
    perSourceBudgetMs: deps.expansionBudget?.perSourceMs,
    totalBudgetMs: deps.expansionBudget?.totalMs,
  })
  const secrets = createSubscriptionSecrets(deps.secretStore, repo)
  let timer: ReturnType<typeof setInterval> | null = null
  let refreshing: Promise<CalendarSource[]> | null = null

  const nowIso = () => formatIsoUtc(deps.clock.now())
  const publicSource = (source: StoredCalendarSource): CalendarSource => {
    const { ics_text: _text, etag: _etag, last_modified: _modified, content_version: _version, ...rest } = source
    // The URL usually embeds a secret: only its host and a hint leave this module (rows stored
    // before #25 hold the URL until their first refresh moves it to the secret store).
    return source.kind === 'url' && !isRedactedUrl(source.location)
      ? { ...rest, location: redactedUrl(source.location) }
      : rest
  }
  /** The weeks around today: warmed after every add and refresh (cheap when nothing changed). */
  const warmAroundToday = () => {
    const now = deps.clock.now()
    return ranges.ensure(now - EXPAND_PAST_MS, now + EXPAND_FUTURE_MS)
  }
  /**
   * Reads a new text in the worker before anything is stored (a text that is not a calendar is
   * refused with its reason); the parse is kept there under the version the text will get.
   */
  const readText = async (source: { id: string; text: string; myEmails: readonly string[] }) => {
    const stored = repo.get(source.id)
    const version =
      stored && stored.ics_text === source.text ? stored.content_version : (stored?.content_version ?? 0) + 1
    let outcome: ExpandOutcome
    try {
      outcome = await deps.expand({
        sourceId: source.id,
        version,
        text: source.text,
        myEmails: source.myEmails,
        ranges: [],
        budgetMs: PER_SOURCE_BUDGET_MS,
      })
    } catch (error) {
      // The worker died on it (out of memory on a huge file): nothing stored, the reason shown.
      return { invalid: `it could not be read (${errorMessage(error)})` }
    }
    if (outcome.outcome !== 'expanded')
      return { invalid: outcome.outcome === 'invalid' ? outcome.message : 'the calendar worker did not read it' }
    // Counted by reason, never listed: event data stays out of logs.
    const skipped = describeSkipped(outcome.summary.skipped)
    if (skipped) deps.logger.warn('calendar read with parts left out', skipped)
    return { version, summary: outcome.summary }
  }
  const mustGet = (id: string) => {
    const source = repo.get(id)
    if (!source) throw new CalendarInputError(`no calendar ${id}`)
    return source
  }

  /** Fetches one subscription (a file's stored copy is already what it was: nothing to do). */
  async function refreshOne(source: StoredCalendarSource): Promise<void> {
    if (source.kind === 'file') return
    const address = await secrets.addressOf(source).catch((error: unknown) => {
      deps.logger.warn('calendar subscription URL could not be read from the secret store', errorMessage(error))
      return null
    })
    if (address === null) {
      repo.recordFetch(source.id, { state: 'failed', error: MISSING_SUBSCRIPTION_URL, at: nowIso() })
      return
    }
    const result = await fetchIcs(deps.fetch, address, { etag: source.etag, lastModified: source.last_modified })
    const at = nowIso()
    if (result.kind === 'failed') {
      deps.logger.warn('calendar subscription failed', result.error)
      repo.recordFetch(source.id, { state: 'failed', error: result.error, at })
      return
    }
    if (result.kind === 'not_modified') {
      // Unchanged text: its expanded weeks stay valid (the range is asked for, not tied to the clock).
      repo.recordFetch(source.id, { state: 'not_modified', error: null, at })
      return
    }
    const read = await readText({ id: source.id, text: result.text, myEmails: source.my_emails })
    if ('invalid' in read) {
      // What the server sent is not a calendar: keep the last good copy, show why.
      repo.recordFetch(source.id, {
        state: 'failed',
        error: `the subscription did not return a calendar: ${read.invalid}`,
        at,
      })
      return
    }
    const outcome: FetchOutcome = {
      state: 'ok',
      error: null,
      at,
      text: result.text,
      etag: result.etag,
      lastModified: result.lastModified,
    }
    repo.recordFetch(source.id, outcome, read)
  }

  async function refreshAll(): Promise<CalendarSource[]> {
    refreshing ??= (async () => {
      try {
        for (const source of repo.list()) await refreshOne(source)
        await warmAroundToday()
        deps.onChanged?.()
        return repo.list().map(publicSource)
      } finally {
        refreshing = null
      }
    })()
    return refreshing
  }

  return {
    list: (): CalendarSource[] => repo.list().map(publicSource),

    /** How many meetings were joined, worked through, are waiting or have not ended. */
    meetingCounts: (): MeetingCounts => meetingCounts(deps.db, deps.clock.now()),

    /** An .ics file's text; refused with the reason when it is not a calendar (nothing stored). */
    async addFile(input: { location: string; text: string; myEmails: readonly string[] }): Promise<CalendarSource> {
      const existing = repo.findByLocation('file', input.location)
      const id = existing?.id ?? randomUUID()
      const read = await readText({ id, text: input.text, myEmails: input.myEmails })
      if ('invalid' in read) throw new CalendarInputError(`${input.location}: ${read.invalid}`)
      if (!existing) repo.add({ id, kind: 'file', location: input.location, myEmails: input.myEmails, now: nowIso() })
      repo.recordFetch(
        id,
        { state: 'ok', error: null, at: nowIso(), text: input.text, etag: null, lastModified: null },
        read,
      )
      await warmAroundToday()
      deps.onChanged?.()
      return publicSource(mustGet(id))
    },

    /** A subscription: stored first, then fetched; a failed first fetch stays visible on the source. */
    async addUrl(input: { url: string; myEmails: readonly string[] }): Promise<CalendarSource> {
      let address: string
      try {
        address = subscriptionUrl(input.url)
      } catch (error) {
        throw new CalendarInputError(error instanceof Error ? error.message : String(error))
      }
      const location = redactedUrl(address)
      if (repo.findByLocation('url', location) ?? repo.findByLocation('url', address))
        throw new CalendarInputError('this subscription is already added')
      const id = repo.add({ id: randomUUID(), kind: 'url', location, myEmails: input.myEmails, now: nowIso() })
      try {
        await secrets.keep(id, address)
      } catch (error) {
        repo.remove(id)
        throw new CalendarInputError(
          `the subscription URL could not be kept in this machine's secret store: ${errorMessage(error)}`,
        )
      }
      await refreshOne(mustGet(id))
      await warmAroundToday()
      deps.onChanged?.()
      return publicSource(mustGet(id))
    },

    remove(id: string): boolean {
      const removed = repo.remove(id)
      if (!removed) return false
      secrets
        .forget(id)
        .catch((error: unknown) =>
          deps.logger.warn('calendar subscription URL could not be removed from the secret store', errorMessage(error)),
        )
      deps.onChanged?.()
      return true
    },

    refreshAll,

    /** Occurrences of every source for [fromMs, toMs), expanded if not held yet (the heuristics' join, a day shown). */
    ensureRange: ranges.ensure,

    /** Meetings for the timeline lane (the skip settings applied), on any date. */
    async laneEvents(fromMs: number, toMs: number): Promise<CalendarLaneEvent[]> {
      await ranges.ensure(fromMs, toMs)
      const unreadable = (count: number) =>
        deps.logger.warn('calendar events skipped: stored rows could not be read', `${count} events`)
      return meetingsToSuggest(repo.eventsBetween(fromMs, toMs, unreadable), deps.settings()).map((event) => ({
        key: event.key,
        title: event.title,
        started_at: formatIsoUtc(event.startMs),
        ended_at: formatIsoUtc(event.endMs),
      }))
    },

    /** Every occurrence of every calendar's stored copy in the range, with why it would be skipped. */
    occurrences(fromMs: number, toMs: number): CalendarOccurrence[] {
      const settings = deps.settings()
      const found: (CalendarOccurrence & { startMs: number })[] = []
      for (const source of repo.list()) {
        if (source.ics_text === null) continue
        let events: CalendarEventInstance[]
        try {
          ;({ events } = expandCalendar(source.ics_text, { fromMs, toMs, myEmails: source.my_emails }))
        } catch {
          continue // a stored copy was a calendar when it was taken; never fail the listing for one
        }
        for (const event of events) {
          found.push({
            startMs: event.startMs,
            start: formatIsoUtc(event.startMs),
            end: formatIsoUtc(event.endMs),
            title: event.title,
            calendar: publicSource(source).location,
            skipped: skipReason(event, settings),
          })
        }
      }
      return found.sort((a, b) => a.startMs - b.startMs).map(({ startMs: _start, ...occurrence }) => occurrence)
    },

    /** Refreshes now (the app just started: its copy may be old) and every `intervalMs`. */
    startScheduler(intervalMs = REFRESH_INTERVAL_MS): void {
      if (timer) return
      const run = () =>
        void refreshAll().catch((error: unknown) => deps.logger.warn('calendar refresh failed', String(error)))
      timer = setInterval(run, intervalMs)
      timer.unref?.()
      run()
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      timer = null
      await refreshing?.catch(() => undefined)
      await ranges.idle()
    },
  }
}

export type CalendarService = ReturnType<typeof createCalendarService>
