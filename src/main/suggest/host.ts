// Over 350 lines on purpose: one class, because every round, reset and calendar join is serialized through its one queue.
// The heuristics host (main thread): feeds new signals to the worker, stores what it computes.
// - Incremental: each round sends only the signals after the store's cursor (`signal_cursor`);
//   the worker's fold answers with the entries closed since (final) and a preview of the open
//   tail (stored as tentative, updated in place next round). Only that tail is ever recomputed.
// - Signals written behind the cursor (late) rebuild the tail when they fall inside it, and are
//   folded on their own where no entry is yet when they are older (`backfill`).
// - Entries the user owns (approved, rejected, edited, manual, from the server) are never
//   rewritten nor overlapped: their spans are cut out of the signal stream (toWireSignals), and
//   when one appears in the tail the fold is rebuilt from the tail's start (reset).
// - A worker crash is logged and reported via onStatus; the next round starts a new worker.
// Over 300 lines on purpose: the incremental cases (round, late writes, backfill, reset,
// reclassify) share the cursor and tail state and are only right read together; the worker
// protocol lives in workerClient.ts and every SQL statement in store/suggest.ts.
import type { EntryDelta } from '../../shared/contract/entries'
import type { SuggestStatus } from '../../shared/contract/suggest'
import type { Settings } from '../../shared/domain'
import type { EngineConfig } from '../../shared/heuristics/types'
import { FUTURE_TOLERANCE_MS } from '../../shared/heuristics/suggest'
import { engineConfig } from '../../shared/heuristics/types'
import type { Logger } from '../base/logger'
import type { WritableDB } from '../store/database'
import { HeuristicsStore, type SignalBatch } from '../store/suggest'
import { toWireSignals } from './wireSignals'
import { hasActivity, type SignalColumns } from '../../shared/heuristics/signalColumns'
import { joinCandidates, learnedDomainHints } from './calendarJoinStore'
import { reclassifyCalendarEntries } from './calendarReclassify'
import { createCalendarRepository, markEventsJoined, type CalendarRepository } from '../store/calendars'
import { endedMeetings, ProcessedSpan } from './endedMeetings'
import type { Interval } from '../../shared/presence'
import { attendedIntervals, meetingsToSuggest } from '../../shared/calendar/filter'
import { formatIsoUtc } from '../../shared/isoTime'
import type { WireEntry, WorkerReply, WorkerRequest } from './protocol'
import { WorkerClient, WorkerCrashedError } from './workerClient'
import { errorMessage } from '../../shared/errorMessage'
import { MatterRecognizer, type MatterRef } from '../../shared/matters/recognize'
import { learnedActivityCodes, listMatters, mattersStamp } from '../store/matters'
import { type WorkerFactory } from '../base/workerThread'

/** Shorter suggestions are noise in the review queue (stray clicks); the CLI keeps them. */
export const HOST_MIN_ENTRY_MS = 60_000
/** Signals per worker round: bounds message size and the time the main thread spends writing. */
const ROUND_SIZE = 20_000

export type { SuggestStatus }

export interface ProcessReport {
  processed_signals: number
  closed_entries: number
  tentative_entries: number
  resets: number
  /** stopped between two rounds because `shouldStop` said so (the CLI's Ctrl-C) */
  interrupted?: boolean
}

/** For a caller that shows progress and can be stopped (the CLI); the app's timer passes none. */
export interface ProcessOptions {
  /** after each round: signals processed so far, of those waiting when it started */
  onProgress?(processed: number, waiting: number): void
  /** asked between rounds: true stops with everything processed so far stored */
  shouldStop?(): boolean
}

export interface HeuristicsHostOptions {
  db: WritableDB
  settings: () => Settings
  workerFactory: WorkerFactory
  logger: Logger
  now: () => number
  onStatus?: (status: SuggestStatus) => void
  /** entries were written: their ids, so the review list patches those rows (the pending count should refresh) */
  onEntriesChanged?: (delta: EntryDelta) => void
  /** crashes in a row after which the host stops restarting until `processPending` is called again */
  maxRestarts?: number
  /** one worker call taking longer than this counts as a crash: the worker is terminated and restarted (default 60 s) */
  workerCallTimeoutMs?: number
  /** calendar occurrences for a range, expanded off the main thread if not held yet (calendarService.ensureRange) */
  calendarRange?: (fromMs: number, toMs: number) => Promise<void>
}

export { WorkerCrashedError }

export class SuggestHost {
  private readonly store: HeuristicsStore
  private readonly calendars: CalendarRepository
  private readonly client: WorkerClient
  /** the worker's fold matches the stored tail (false after start, crash, config change) */
  private synced = false
  private frozenKey = ''
  private rulesKey: string
  private configKey = ''
  private queue: Promise<unknown> = Promise.resolve()
  private timer: ReturnType<typeof setInterval> | null = null
  private closed = false
  private status: SuggestStatus = { state: 'idle', restarts: 0, last_error: null }
  /** the time of the signals processed since the last calendar join: its meetings are joined whatever their date */
  private readonly processed = new ProcessedSpan()

  constructor(private readonly options: HeuristicsHostOptions) {
    this.store = new HeuristicsStore(options.db, options.now)
    this.calendars = createCalendarRepository(options.db)
    this.rulesKey = classifyingSettingsKey(options.settings())
    this.client = new WorkerClient(
      options.workerFactory,
      options.logger,
      {
        onStart: () => {
          this.synced = false
        },
        onCrash: (reason) => {
          this.synced = false
          this.options.logger.error('heuristics worker crashed; it restarts on the next round', reason)
          this.status.restarts++
          this.setStatus('restarting', reason)
        },
      },
      options.workerCallTimeoutMs,
    )
  }

  getStatus(): SuggestStatus {
    return { ...this.status }
  }

  /** Process every `intervalMs` (the app); tests and the CLI call processPending directly. */
  startTimer(intervalMs: number): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      this.processPending().catch((error: unknown) =>
        this.options.logger.warn('heuristics round failed', errorMessage(error)),
      )
    }, intervalMs)
    this.timer.unref?.()
  }

  /** Stops the round timer; a round in flight finishes. */
  async stopTimer(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.queue.catch(() => undefined)
  }

  /** Runs rounds until no signal after the cursor is left. Rounds never run concurrently. */
  processPending(options: ProcessOptions = {}): Promise<ProcessReport> {
    return this.serial(() => this.processAll(options))
  }

  /** Rules or thresholds changed: recompute pending, untouched entries (never approved ones). */
  reapplyRules(): Promise<number> {
    return this.serial(async () => {
      const changed = await this.reclassify()
      // The open tail is rebuilt under the new rules right away too.
      const report: ProcessReport = { processed_signals: 0, closed_entries: 0, tentative_entries: 0, resets: 0 }
      await this.reset(report, this.futureLimitTs())
      return changed + report.closed_entries + report.tentative_entries
    })
  }

  /** Call on every settings change: re-applies rules only when what classifies changed. */
  settingsChanged(): void {
    const key = classifyingSettingsKey(this.options.settings())
    if (key === this.rulesKey) return
    this.rulesKey = key
    this.reapplyRules().catch((error: unknown) =>
      this.options.logger.warn('re-applying rules failed', errorMessage(error)),
    )
  }

  /**
   * The matter list was imported or the user set UTBMS codes (#30): untouched pending entries and
   * the open tail are suggested again with the new list and the learned codes.
   */
  suggestionInputsChanged(): void {
    this.reapplyRules().catch((error: unknown) =>
      this.options.logger.warn('re-applying matters and learned codes failed', errorMessage(error)),
    )
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    // A round waiting for the worker fails at once (it only computes: nothing is half-written).
    await this.client.close()
    await this.queue.catch(() => undefined)
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }

  private matterCache: { stamp: string; matters: MatterRef[] } | null = null

  /** The engine's settings, with the attended calendar meetings of [fromMs, toMs] when given, the matter list and the learned codes (#30). */
  private async config(fromMs?: number, toMs?: number): Promise<EngineConfig> {
    const settings = this.options.settings()
    const attendedMeetings = fromMs === undefined || toMs === undefined ? [] : await this.attendedMeetings(fromMs, toMs)
    const config = engineConfig(
      settings,
      {},
      {
        learned: this.store.learnedHints(),
        minEntryMs: HOST_MIN_ENTRY_MS,
        attendedMeetings,
        matters: this.matters(),
        learnedCodes: learnedActivityCodes(this.options.db),
      },
    )
    return settings.matter_number_pattern === null
      ? config
      : { ...config, matterNumberPattern: settings.matter_number_pattern }
  }

  /** The matter list, read again only after an import changed it (rounds run every 5 s). */
  private matters(): MatterRef[] {
    const stamp = mattersStamp(this.options.db)
    if (this.matterCache?.stamp !== stamp) this.matterCache = { stamp, matters: listMatters(this.options.db) }
    return this.matterCache.matters
  }

  /**
   * Calendar meetings the user attends (the same skip rules as the join) around a range of
   * signals: the presence model keeps quiet stretches inside them. The range reaches back one
   * meeting threshold, for a stretch that began before the first signal of a round. Their
   * occurrences are asked for first (#23): a history import of last year finds its meetings too.
   */
  private async attendedMeetings(fromMs: number, toMs: number): Promise<Interval[]> {
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return []
    const settings = this.options.settings()
    const reach = Math.max(settings.idle_threshold_minutes, settings.meeting_idle_threshold_minutes) * 60_000
    await this.options.calendarRange?.(fromMs - reach, toMs + 1)
    return attendedIntervals(this.calendars.eventsBetween(fromMs - reach, toMs + 1), settings)
  }

  private async processAll(options: ProcessOptions): Promise<ProcessReport> {
    const report: ProcessReport = { processed_signals: 0, closed_entries: 0, tentative_entries: 0, resets: 0 }
    if (this.closed) return report
    const waiting = options.onProgress ? this.store.countWaiting(this.futureLimitTs()) : 0
    for (let attempt = 0; ;) {
      this.setStatus('running')
      try {
        await this.round(report, options, waiting)
        this.setStatus('idle')
        return report
      } catch (error) {
        if (this.closed) throw error
        if (!(error instanceof WorkerCrashedError)) {
          this.setStatus('failed', errorMessage(error))
          throw error
        }
        attempt++
        if (attempt > (this.options.maxRestarts ?? 3)) {
          this.setStatus('failed', error.message)
          throw error
        }
        this.setStatus('restarting', error.message)
      }
    }
  }

  private async round(report: ProcessReport, options: ProcessOptions, waiting: number): Promise<void> {
    for (;;) {
      if (options.shouldStop?.()) {
        report.interrupted = true
        return
      }
      const configKey = JSON.stringify(this.options.settings())
      if (configKey !== this.configKey) {
        this.configKey = configKey
        this.synced = false
      }
      const futureLimitTs = this.futureLimitTs()
      const skipped = this.store.skipSignalsAfter(futureLimitTs)
      if (skipped > 0) {
        this.options.logger.warn('heuristics skipped signals dated in the future', `${skipped} signals`)
        report.processed_signals += skipped
      }
      await this.takeLateWrites(report)
      if (!this.synced || this.tailChanged()) {
        await this.reset(report, futureLimitTs)
        report.resets++
      }
      const batch = this.store.readNew(ROUND_SIZE, futureLimitTs)
      if (!batch) {
        await this.joinCalendar(report)
        return
      }
      await this.fold(batch, report)
      options.onProgress?.(report.processed_signals, waiting)
    }
  }

  /** A clock that jumped ahead wrote signals after this second: never suggest time that has not happened yet. */
  private futureLimitTs(): number {
    return Math.floor((this.options.now() + FUTURE_TOLERANCE_MS) / 1000)
  }

  /**
   * Signals written at or before what was already read (an idle_start dated back, an import of
   * older signals, a clock set back): inside the open tail they rebuild it with them in place;
   * before it they are suggested on their own (`backfill`).
   */
  private async takeLateWrites(report: ProcessReport): Promise<void> {
    const { late } = this.store.cursor()
    if (!late) return
    const tailStartMs = this.tailStartMs()
    if (late.toTs * 1000 >= tailStartMs) this.synced = false
    const beforeTailTs = Math.min(late.toTs, Math.ceil(tailStartMs / 1000) - 1)
    if (late.fromTs <= beforeTailTs) await this.backfill(late.fromTs, beforeTailTs, report)
    this.store.clearLateWrites(late.writes)
  }

  /**
   * Suggestions for late signals before the open tail, folded on their own: only where no entry
   * is yet (every entry there is final or the user's, so its span is cut out), and only spans
   * long enough to be entries — a count added to a second already billed yields nothing.
   */
  private async backfill(fromTs: number, toTs: number, report: ProcessReport): Promise<void> {
    const fromMs = fromTs * 1000
    const toMs = toTs * 1000
    const rows = this.store.readSignalsBetween(fromMs, toMs).filter((row) => row.ts >= fromTs && row.ts <= toTs)
    report.processed_signals += rows.length
    if (rows.length > 0) this.processed.note(fromMs, toMs)
    const signals = toWireSignals(rows, this.store.frozenIntervals(fromMs))
    if (!hasActivity(signals)) return
    const reply = await this.call({ kind: 'batch', id: 0, config: await this.config(fromMs, toMs), groups: [signals] })
    if (reply.kind !== 'batch') throw new Error(`heuristics worker failed on late signals: ${replyText(reply)}`)
    const entries = reply.groups[0] ?? []
    if (entries.length === 0) return
    this.notifyEntriesChanged(this.store.insertFinal(entries))
    report.closed_entries += entries.length
  }

  private async fold(batch: SignalBatch, report: ProcessReport): Promise<void> {
    const first = batch.rows[0]
    if (!first) {
      this.store.markDoneThrough(batch.throughTs)
      return
    }
    const signals = toWireSignals(batch.rows, this.store.frozenIntervals(first.ts * 1000))
    const lastMs = (batch.rows[batch.rows.length - 1] ?? first).ts * 1000
    this.processed.note(first.ts * 1000, batch.throughTs * 1000)
    const reply = await this.call({
      kind: 'append',
      id: 0,
      signals,
      attendedMeetings: await this.attendedMeetings(first.ts * 1000, lastMs),
    })
    if (reply.kind === 'error' && reply.code === 'out_of_order') {
      this.synced = false
      return
    }
    const { closed, open } = expectUpdate(reply)
    this.notifyEntriesChanged(this.store.writeUpdate(closed, open, batch.throughTs))
    this.frozenKey = this.currentFrozenKey()
    report.processed_signals += batch.rows.length
    report.closed_entries += closed.length
    report.tentative_entries = open.length
  }

  /** The tail is stale when a tentative entry was touched/removed or a fixed entry appeared in it. */
  private tailChanged(): boolean {
    if (this.store.tailRows().some((row) => row.status !== 'pending' || row.user_touched !== 0)) return true
    return this.currentFrozenKey() !== this.frozenKey
  }

  private tailStartMs(): number {
    const rows = this.store.tailRows()
    return rows.length > 0 ? Math.min(...rows.map((row) => row.start_ms)) : Number.POSITIVE_INFINITY
  }

  private currentFrozenKey(): string {
    const start = this.tailStartMs()
    if (!Number.isFinite(start)) return ''
    return JSON.stringify(this.store.frozenIntervals(start))
  }

  /** New fold (current settings and learned hints) that folds the tentative tail's span again. */
  private async reset(report: ProcessReport, untilTs: number): Promise<void> {
    const start = this.tailStartMs()
    const reply = await this.call({ kind: 'reset', id: 0, config: await this.config(start, untilTs * 1000) })
    if (reply.kind !== 'ready') throw new Error(`heuristics worker refused reset: ${replyText(reply)}`)
    if (Number.isFinite(start)) {
      // Touched tail entries are fixed now: cut out like any other (the tail table forgets them).
      this.store.forgetTouchedTail()
      const doneTs = this.store.cursor().doneTs
      const batch = this.store.readSignalsSince(start, untilTs)
      const rows = batch?.rows ?? []
      if (batch) this.processed.note(start, batch.throughTs * 1000)
      const signals = toWireSignals(rows, this.store.frozenIntervals(start))
      const update = expectUpdate(await this.call({ kind: 'append', id: 0, signals }))
      this.notifyEntriesChanged(this.store.writeUpdate(update.closed, update.open, batch?.throughTs ?? null))
      report.processed_signals += rows.filter((row) => row.ts > doneTs).length
      report.closed_entries += update.closed.length
      report.tentative_entries = update.open.length
    }
    this.synced = true
    this.frozenKey = this.currentFrozenKey()
  }

  /**
   * Calendar meetings (#16) that have ended (endedMeetings.ts): joined once, in the worker, with
   * the suggestions around them — the open tail's too, so the day's last meeting gets its name
   * without waiting for later activity (#23) — (src/shared/calendar/join.ts). A meeting is
   * joined only once, so a calendar draft the user rejected never comes back.
   */
  private async joinCalendar(report: ProcessReport): Promise<void> {
    const now = this.options.now()
    const unreadable = (count: number) =>
      this.options.logger.warn('calendar events skipped: stored rows could not be read', `${count} events`)
    const events = await endedMeetings(
      this.options.db,
      now,
      this.processed.get(),
      this.options.calendarRange,
      unreadable,
    )
    if (events.length === 0) {
      this.processed.clear()
      return
    }
    const settings = this.options.settings()
    const meetings = meetingsToSuggest(events, settings)
    const keys = events.map((event) => event.key)
    const fromMs = Math.min(...meetings.map((event) => event.startMs))
    const toMs = Math.max(...meetings.map((event) => event.endMs))
    const candidates =
      meetings.length > 0
        ? joinCandidates(this.options.db, fromMs, toMs)
        : { ids: [], tailIds: [], entries: [], frozen: [] }
    let joined: WireEntry[] = []
    if (meetings.length > 0) {
      const reply = await this.call({
        kind: 'calendar',
        id: 0,
        config: {
          verifyThreshold: settings.verify_confidence_threshold,
          rules: settings.classification_rules,
          narrativeFromEvents: settings.calendar_narrative,
          minEntryMs: HOST_MIN_ENTRY_MS,
          learnedDomains: learnedDomainHints(this.options.db),
          matters: this.matters(),
          ...(settings.matter_number_pattern === null ? {} : { matterNumberPattern: settings.matter_number_pattern }),
        },
        events: meetings,
        entries: candidates.entries,
        frozen: candidates.frozen,
      })
      if (reply.kind !== 'calendar')
        throw new Error(`heuristics worker failed to join the calendar: ${replyText(reply)}`)
      joined = reply.entries
    }
    const delta = this.store.replaceEntries(candidates.ids, joined, () => {
      markEventsJoined(this.options.db, keys, formatIsoUtc(now))
      // Tentative entries the join rewrote are final now; the fold starts again after them.
      this.store.releaseFromTail(candidates.tailIds)
    })
    this.processed.clear()
    if (candidates.tailIds.length > 0) this.synced = false
    this.notifyEntriesChanged(delta)
    report.closed_entries += delta.added.length
  }

  private async reclassify(): Promise<number> {
    const entries = this.store.reclassifiableEntries()
    const delta: EntryDelta = { added: [], changed: [], removed: [] }
    let changed = 0
    if (entries.length > 0) {
      const groups: SignalColumns[] = entries.map((entry) => {
        const startMs = Date.parse(entry.started_at)
        const endMs = Date.parse(entry.ended_at)
        const rows = this.store
          .readSignalsBetween(startMs, endMs)
          .filter((row) => row.ts * 1000 >= startMs && row.ts * 1000 <= endMs)
        return toWireSignals(rows, [])
      })
      let fromMs = Number.POSITIVE_INFINITY
      let toMs = Number.NEGATIVE_INFINITY
      for (const entry of entries) {
        fromMs = Math.min(fromMs, Date.parse(entry.started_at))
        toMs = Math.max(toMs, Date.parse(entry.ended_at))
      }
      const config = await this.config(fromMs, toMs)
      const reply = await this.call({ kind: 'batch', id: 0, config, groups })
      if (reply.kind !== 'batch') throw new Error(`heuristics worker failed to reclassify: ${replyText(reply)}`)
      entries.forEach((entry, index) => {
        if (this.store.replaceEntry(entry.id, reply.groups[index] ?? [], delta)) changed++
      })
    }
    const settings = this.options.settings()
    const matters = this.matters()
    const recognizer =
      matters.length > 0
        ? new MatterRecognizer(
            matters,
            settings.matter_number_pattern === null ? {} : { numberPattern: settings.matter_number_pattern },
          )
        : null
    const calendarDelta = reclassifyCalendarEntries(
      this.options.db,
      settings.classification_rules,
      learnedDomainHints(this.options.db),
      formatIsoUtc(this.options.now()),
      recognizer,
    )
    delta.changed.push(...calendarDelta.changed)
    changed += calendarDelta.changed.length
    if (changed > 0) this.options.onEntriesChanged?.(delta)
    return changed
  }

  /** The write runs whoever listens (`listener?.(write())` would skip the write without one). */
  private notifyEntriesChanged(delta: EntryDelta): void {
    this.options.onEntriesChanged?.(delta)
  }

  private call(request: WorkerRequest): Promise<WorkerReply> {
    return this.client.call(request)
  }

  private setStatus(state: SuggestStatus['state'], error: string | null = null): void {
    const next = { ...this.status, state, last_error: error ?? (state === 'idle' ? this.status.last_error : null) }
    const changed = next.state !== this.status.state || next.last_error !== this.status.last_error
    this.status = next
    if (changed) this.options.onStatus?.(this.getStatus())
  }
}

/** The settings that change what the engine proposes: a change to any of them reclassifies. */
const CLASSIFYING_SETTINGS = [
  'classification_rules',
  'idle_threshold_minutes',
  'max_merge_idle_minutes',
  'meeting_apps',
  'meeting_idle_threshold_minutes',
  'app_aliases',
  'excluded_apps',
  'matter_number_pattern',
] as const satisfies ReadonlyArray<keyof Settings>

const classifyingSettingsKey = (settings: Settings): string =>
  JSON.stringify(CLASSIFYING_SETTINGS.map((key) => settings[key]))

function expectUpdate(reply: WorkerReply): { closed: WireEntry[]; open: WireEntry[] } {
  if (reply.kind !== 'update') throw new Error(`heuristics worker failed: ${replyText(reply)}`)
  return reply
}

const replyText = (reply: WorkerReply) => (reply.kind === 'error' ? `${reply.code}: ${reply.message}` : reply.kind)
