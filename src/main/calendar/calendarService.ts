// Calendar sources (#16): add an .ics file or an https subscription, refresh subscriptions
// every 15 minutes with conditional requests, and keep the events expanded for the range the
// heuristics join (the last 60 days to the next 30). The join itself is pure and runs in the
// heuristics worker (src/shared/calendar/join.ts); this module only fetches and stores.
import { errorMessage } from '../../shared/errorMessage'
import { formatIsoUtc } from '../../shared/heuristics/isoTime'
import { CalendarParseError, expandCalendar } from '../../shared/calendar/expand'
import { meetingsToSuggest, skipReason, type SkipReason } from '../../shared/calendar/filter'
import { describeSkipped, type CalendarEventInstance } from '../../shared/calendar/types'
import type { CalendarLaneEvent, CalendarSource } from '../../shared/contract/calendar'
import type { Settings } from '../../shared/domain'
import type { Clock } from '../base/clock'
import type { Logger } from '../base/logger'
import type { SecretStore } from '../base/secretStore'
import { createCalendarRepository, type FetchOutcome, type StoredCalendarSource } from '../store/calendars'
import type { Database } from '../store/database'
import { fetchIcs } from './fetchIcs'
import { createSubscriptionSecrets, MISSING_SUBSCRIPTION_URL } from './subscriptionSecret'
import { isRedactedUrl, redactedUrl, subscriptionUrl } from './subscriptionUrl'

export const REFRESH_INTERVAL_MS = 15 * 60_000
const DAY = 86_400_000
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
  db: Database
  clock: Clock
  logger: Logger
  fetch: typeof fetch
  /** where subscription URLs are kept (they usually embed a secret) */
  secretStore: SecretStore
  settings: () => Settings
  /** sources or events changed (the heuristics join new meetings on their next round) */
  onChanged?: () => void
}

export function createCalendarService(deps: CalendarServiceDeps) {
  const repo = createCalendarRepository(deps.db)
  const secrets = createSubscriptionSecrets(deps.secretStore, repo)
  let timer: ReturnType<typeof setInterval> | null = null
  let refreshing: Promise<CalendarSource[]> | null = null

  const nowIso = () => formatIsoUtc(deps.clock.now())
  const publicSource = (source: StoredCalendarSource): CalendarSource => {
    const { ics_text: _text, etag: _etag, last_modified: _modified, ...rest } = source
    // The URL usually embeds a secret: only its host and a hint leave this module (rows stored
    // before #25 hold the URL until their first refresh moves it to the secret store).
    return source.kind === 'url' && !isRedactedUrl(source.location) ? { ...rest, location: redactedUrl(source.location) } : rest
  }
  const expand = (text: string, myEmails: readonly string[]) => {
    const now = deps.clock.now()
    const result = expandCalendar(text, { fromMs: now - EXPAND_PAST_MS, toMs: now + EXPAND_FUTURE_MS, myEmails })
    // Counted by reason, never listed: event data stays out of logs.
    const skipped = describeSkipped(result.skipped)
    if (skipped) deps.logger.warn('calendar read with parts left out', skipped)
    return result
  }
  const mustGet = (id: string) => {
    const source = repo.get(id)
    if (!source) throw new CalendarInputError(`no calendar ${id}`)
    return source
  }

  /** Fetches one subscription (or re-expands a file's stored copy for today's range). */
  async function refreshOne(source: StoredCalendarSource): Promise<void> {
    if (source.kind === 'file') {
      if (source.ics_text !== null) repo.recordFetch(source.id, { state: 'ok', error: null, at: nowIso(), text: source.ics_text, etag: null, lastModified: null }, expand(source.ics_text, source.my_emails))
      return
    }
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
      // Unchanged text, but the range moves with the clock: expand the stored copy again.
      repo.recordFetch(source.id, { state: 'not_modified', error: null, at }, source.ics_text === null ? undefined : expand(source.ics_text, source.my_emails))
      return
    }
    let outcome: FetchOutcome
    try {
      const expanded = expand(result.text, source.my_emails)
      outcome = { state: 'ok', error: null, at, text: result.text, etag: result.etag, lastModified: result.lastModified }
      repo.recordFetch(source.id, outcome, expanded)
    } catch (error) {
      // What the server sent is not a calendar: keep the last good copy, show why.
      const message = error instanceof CalendarParseError ? `the subscription did not return a calendar: ${error.message}` : String(error)
      repo.recordFetch(source.id, { state: 'failed', error: message, at })
    }
  }

  async function refreshAll(): Promise<CalendarSource[]> {
    refreshing ??= (async () => {
      try {
        for (const source of repo.list()) await refreshOne(source)
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

    /** An .ics file's text; refused with the reason when it is not a calendar (nothing stored). */
    addFile(input: { location: string; text: string; myEmails: readonly string[] }): CalendarSource {
      let expanded
      try {
        expanded = expand(input.text, input.myEmails)
      } catch (error) {
        if (error instanceof CalendarParseError) throw new CalendarInputError(`${input.location}: ${error.message}`)
        throw error
      }
      const existing = repo.findByLocation('file', input.location)
      const id = existing?.id ?? repo.add({ kind: 'file', location: input.location, myEmails: input.myEmails, now: nowIso() })
      repo.recordFetch(id, { state: 'ok', error: null, at: nowIso(), text: input.text, etag: null, lastModified: null }, expanded)
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
      if (repo.findByLocation('url', location) ?? repo.findByLocation('url', address)) throw new CalendarInputError('this subscription is already added')
      const id = repo.add({ kind: 'url', location, myEmails: input.myEmails, now: nowIso() })
      try {
        await secrets.keep(id, address)
      } catch (error) {
        repo.remove(id)
        throw new CalendarInputError(`the subscription URL could not be kept in this machine's secret store: ${errorMessage(error)}`)
      }
      await refreshOne(mustGet(id))
      deps.onChanged?.()
      return publicSource(mustGet(id))
    },

    remove(id: string): boolean {
      const removed = repo.remove(id)
      if (!removed) return false
      secrets.forget(id).catch((error: unknown) => deps.logger.warn('calendar subscription URL could not be removed from the secret store', errorMessage(error)))
      deps.onChanged?.()
      return true
    },

    refreshAll,

    /** Meetings for the timeline lane (the skip settings applied). */
    laneEvents(fromMs: number, toMs: number): CalendarLaneEvent[] {
      const unreadable = (count: number) => deps.logger.warn('calendar events skipped: stored rows could not be read', `${count} events`)
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
      const run = () => void refreshAll().catch((error: unknown) => deps.logger.warn('calendar refresh failed', String(error)))
      timer = setInterval(run, intervalMs)
      timer.unref?.()
      run()
    },

    async stop(): Promise<void> {
      if (timer) clearInterval(timer)
      timer = null
      await refreshing?.catch(() => undefined)
    },
  }
}

export type CalendarService = ReturnType<typeof createCalendarService>
