// Capture: turns raw input counts, front-window changes and system events into coalesced signals
// (≤ 1 per second, app and type) and writes them in one transaction at least every flush interval
// and at once on pause, lock, suspend, shutdown and stop. The hot path (one call per raw event)
// touches only memory: app id, exclusion and redacted title are computed once per window change.
import type { SignalType, Settings } from '../../shared/domain'
import type { Clock } from '../core/clock'
import { toIso } from '../core/clock'
import type { HealthRegistry } from '../core/healthRegistry'
import type { Logger } from '../core/logger'
import type { Database } from '../store/database'
import { checkpointSoon, pruneSignals, upsertSignals } from '../store/signalRepository'
import { isExcluded, normalizeAppId } from './appId'
import { createTitleRedactor, type TitleRedactor } from './redaction'
import { SignalBuffer } from './signalBuffer'
import { createSourceRunner, type Backoff, type HealthSource, type SourceRunner } from './sourceRunner'
import { type ActiveWindow, type CaptureSources, type InputKind, type SourceLifecycle, type SystemEvent } from './types'

/** App id of system-state signals (idle, lock, suspend…): they belong to no application. */
export const SYSTEM_APP = 'system'
/** App id recorded for everything while private mode is on. */
export const PRIVATE_APP = 'private'
/** App id when no window source can tell which application is in front. */
export const UNKNOWN_APP = 'unknown'

export const DEFAULT_FLUSH_INTERVAL_MS = 5_000
/**
 * Signals held in memory at most while the store cannot be written (disk full, read-only):
 * about 50 MB, more than a day of continuous heavy use. Beyond it new signals are dropped and
 * counted, and the store's health says so.
 */
export const MAX_BUFFERED_SIGNALS = 250_000
/** the periodic flush runs this long after a second begins (see scheduleFlush) */
const FLUSH_AFTER_SECOND_MS = 20
/**
 * While input goes on in one window, its focus signal (which carries the title input inherits)
 * is repeated this often, so a reader finds it within `TITLE_LOOKBACK_SECONDS` of any input.
 */
export const FOCUS_REPEAT_SECONDS = 30 * 60
const RETENTION_INTERVAL_MS = 6 * 60 * 60_000

export interface CaptureStatusSnapshot {
  running: boolean
  paused: boolean
  /** app id now in front as capture records it ('private' in private mode; null when not running) */
  front_app: string | null
  private_mode: boolean
  buffered_signals: number
  signals_written: number
  last_flush_at: string | null
  last_flush_error: string | null
}

export interface CaptureServiceOptions {
  db: Database
  clock: Clock
  logger: Logger
  health: HealthRegistry
  settings: () => Settings
  isPaused: () => boolean
  sources: CaptureSources
  flushIntervalMs?: number
  backoff?: Backoff
  /** defaults to MAX_BUFFERED_SIGNALS */
  maxBufferedSignals?: number
}

export interface CaptureService {
  start(): void
  /** flushes and stops every source (quit) */
  stop(): Promise<void>
  /** writes buffered signals now; returns how many (0 when the write failed: they stay buffered) */
  flush(reason?: string): number
  /** feed a system event from an adapter that is not a registered source (tests, shell) */
  systemEvent(event: SystemEvent): void
  /** call when pause state or settings may have changed (the API does after tracking.pause) */
  refresh(): void
  status(): CaptureStatusSnapshot
  /** deletes raw signals older than the retention setting (not those under unapproved entries) */
  applyRetention(): number
}

interface AppContext {
  app: string
  title: string | null
  excluded: boolean
}

export function createCaptureService(options: CaptureServiceOptions): CaptureService {
  const { db, clock, logger, health, sources } = options
  const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS
  const buffer = new SignalBuffer(options.maxBufferedSignals ?? MAX_BUFFERED_SIGNALS)

  let running = false
  let paused = options.isPaused()
  let lastSettings: Settings | null = null
  let redactor: TitleRedactor = createTitleRedactor([])
  let window: ActiveWindow | null = null
  let context: AppContext = { app: UNKNOWN_APP, title: null, excluded: false }
  let lastFocusTs = Number.NEGATIVE_INFINITY
  let lastInputMono = clock.monotonic()
  let idle = false
  let signalsWritten = 0
  let lastFlushAt: string | null = null
  let lastFlushError: string | null = null
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let retentionTimer: ReturnType<typeof setInterval> | null = null

  const second = () => Math.floor(clock.now() / 1000)

  function currentSettings(): Settings {
    const settings = options.settings()
    if (settings !== lastSettings) {
      lastSettings = settings
      redactor = createTitleRedactor(settings.redaction_rules)
      const invalid = redactor.invalidRules()
      if (invalid.length > 0) logger.warn('redaction rules that do not compile drop titles entirely', `rule #${invalid.join(', #')}`)
      setContext(computeContext(window, settings))
    }
    return settings
  }

  /**
   * Input signals carry no title: they inherit the one of the latest focus signal of their app.
   * So a focus signal is recorded whenever app or title changes — by a window change or by the
   * settings (title capture, redaction, private mode) — and again when recording resumes.
   */
  function setContext(next: AppContext) {
    const previous = context
    context = next
    if (next.app !== previous.app || next.title !== previous.title) recordFocus()
  }

  function recordFocus() {
    // "No window" is often a blink between two focus changes: it moves input to `unknown` but
    // is not worth a focus signal of its own.
    if (!running || paused || context.excluded || window === null) return
    lastFocusTs = second()
    record('app_focus', context.app, 1, context.title)
  }

  function computeContext(win: ActiveWindow | null, settings: Settings): AppContext {
    if (settings.private_mode) return { app: PRIVATE_APP, title: null, excluded: false }
    if (win === null) return { app: UNKNOWN_APP, title: null, excluded: false }
    const app = normalizeAppId(win.owner, settings.app_aliases)
    if (isExcluded(app, settings.excluded_apps, settings.app_aliases)) return { app, title: null, excluded: true }
    const title = settings.title_capture ? redactor.redact(app, win.title) : null
    return { app, title, excluded: false }
  }

  function frontApp(): string {
    currentSettings()
    return context.app
  }

  function record(type: SignalType, app: string, count: number, title: string | null, ts = second()) {
    buffer.add(ts, app, type, count, title)
  }

  // While paused, input checks (at most once a second) whether a timed pause has ended.
  let lastPauseCheck = Number.NEGATIVE_INFINITY
  function onInput(kind: InputKind, count: number) {
    if (!running || count <= 0) return
    if (paused) {
      const now = clock.monotonic()
      if (now - lastPauseCheck < 1_000) return
      lastPauseCheck = now
      refresh()
      if (paused) return
    }
    lastInputMono = clock.monotonic()
    currentSettings()
    if (idle) {
      idle = false
      record('idle_end', SYSTEM_APP, 1, null)
    }
    sources.window?.poke?.()
    if (context.excluded) return
    if (second() - lastFocusTs >= FOCUS_REPEAT_SECONDS) recordFocus()
    record(kind, context.app, count, null)
  }

  // Focus changes wait until input the source still holds back was counted for the old app.
  let windowQueue: Promise<void> = Promise.resolve()
  function onWindow(next: ActiveWindow | null) {
    const drain = running ? sources.input?.drain : undefined
    if (!drain) return applyWindow(next)
    windowQueue = windowQueue
      .then(() => drain.call(sources.input))
      .catch(() => {})
      .then(() => applyWindow(next))
  }

  function applyWindow(next: ActiveWindow | null) {
    window = next
    setContext(computeContext(next, currentSettings()))
  }

  function systemEvent(event: SystemEvent) {
    if (!running) return
    // Lock, suspend and shutdown are hard boundaries for the heuristics. While paused nothing is
    // recorded at all: the pause itself already ends activity.
    if (!paused) record(event, SYSTEM_APP, 1, null)
    if (event === 'resume' || event === 'unlock') lastInputMono = clock.monotonic()
    flush(event)
  }

  /** Runs with every flush: idle needs minutes, not seconds, and one timer means one wake-up. */
  function tick() {
    refresh()
    if (paused) return
    const settings = currentSettings()
    const systemIdle = sources.system && systemRunner?.running() ? sources.system.idleSeconds() : null
    const idleSeconds = systemIdle ?? (clock.monotonic() - lastInputMono) / 1000
    const threshold = settings.idle_threshold_minutes * 60
    if (!idle && idleSeconds >= threshold) {
      idle = true
      // The idle span began at the last input, not when we noticed it.
      record('idle_start', SYSTEM_APP, 1, null, second() - Math.floor(idleSeconds))
    } else if (idle && idleSeconds < threshold && systemIdle !== null) {
      idle = false
      record('idle_end', SYSTEM_APP, 1, null)
    }
  }

  function refresh() {
    const nowPaused = options.isPaused()
    if (nowPaused !== paused) {
      paused = nowPaused
      if (paused) flush('pause')
      else {
        lastInputMono = clock.monotonic()
        // The window may have changed while nothing was recorded.
        recordFocus()
      }
    }
    currentSettings()
  }

  /**
   * The periodic flush runs just after a second begins and leaves that second in memory: each
   * second is written whole (the heuristics never see part of one), and what stays behind is
   * only milliseconds old, so nothing older than the flush interval waits in memory. Intervals
   * under a second (tests) flush everything.
   */
  function scheduleFlush() {
    const aligned = flushIntervalMs >= 1_000
    const delay = aligned ? flushIntervalMs - (clock.now() % 1_000) + FLUSH_AFTER_SECOND_MS : flushIntervalMs
    flushTimer = setTimeout(() => {
      tick()
      flush('interval', aligned)
      if (running && flushTimer) scheduleFlush()
    }, delay)
    flushTimer.unref?.()
  }

  /** Writes buffered signals (all of them, or all but the second in progress). */
  function flush(reason = 'request', keepCurrentSecond = false): number {
    if (buffer.size === 0) return 0
    const drained = buffer.drain(keepCurrentSecond ? second() : Number.POSITIVE_INFINITY)
    if (drained.length === 0) return 0
    try {
      upsertSignals(db, drained)
    } catch (error) {
      buffer.restore(drained)
      const message = error instanceof Error ? error.message : String(error)
      const code = (error as { code?: unknown }).code
      lastFlushError = `${message}${typeof code === 'string' ? ` (${code})` : ''}`
      const dropped = buffer.dropped > 0 ? `; memory limit reached, ${buffer.dropped} newer signals dropped` : ''
      health.set('store', 'degraded', `cannot write signals: ${lastFlushError}; ${buffer.size} kept in memory, retrying${dropped}`)
      logger.error(`signal flush (${reason}) failed`, lastFlushError)
      return 0
    }
    signalsWritten += drained.length
    if (drained.length >= 5_000) checkpointSoon(db)
    lastFlushAt = toIso(clock.now())
    if (lastFlushError !== null) {
      lastFlushError = null
      health.set('store', 'ok', null)
      logger.info('signal flush works again')
      const dropped = buffer.takeDropped()
      if (dropped > 0) logger.warn('signals were dropped while the store could not be written (memory limit)', String(dropped))
    }
    return drained.length
  }

  function applyRetention(): number {
    try {
      const cutoff = second() - currentSettings().retention_days * 86_400
      const removed = pruneSignals(db, cutoff)
      if (removed > 0) logger.info('retention removed old signals', String(removed))
      return removed
    } catch (error) {
      logger.warn('retention failed', error instanceof Error ? error.message : String(error))
      return 0
    }
  }

  const runner = (
    healthName: HealthSource,
    sourceName: string,
    start: (lifecycle: SourceLifecycle) => Promise<void>,
    stop: () => Promise<void>,
  ): SourceRunner =>
    createSourceRunner({ healthName, sourceName, start, stop, health, logger, backoff: options.backoff })

  const inputRunner = sources.input
    ? runner('input', sources.input.name, (lc) => sources.input!.start(onInput, lc), () => sources.input!.stop())
    : null
  const windowRunner = sources.window
    ? runner(
        'window',
        sources.window.name,
        (lc) => sources.window!.start(onWindow, lc),
        async () => {
          await sources.window!.stop()
          onWindow(null)
        },
      )
    : null
  const systemRunner = sources.system
    ? runner('system', sources.system.name, (lc) => sources.system!.start(systemEvent, lc), () => sources.system!.stop())
    : null

  return {
    start() {
      if (running) return
      running = true
      paused = options.isPaused()
      lastInputMono = clock.monotonic()
      currentSettings()
      if (!inputRunner) health.set('input', 'off', 'no input source in this mode')
      if (!windowRunner) health.set('window', 'off', 'no active-window source in this mode')
      if (!systemRunner) health.set('system', 'off', 'no system-state source in this mode; idle is derived from input')
      inputRunner?.start()
      windowRunner?.start()
      systemRunner?.start()
      scheduleFlush()
      retentionTimer = setInterval(applyRetention, RETENTION_INTERVAL_MS)
      retentionTimer.unref?.()
      applyRetention()
    },
    async stop() {
      if (!running) return
      if (flushTimer) clearTimeout(flushTimer)
      if (retentionTimer) clearInterval(retentionTimer)
      flushTimer = retentionTimer = null
      await Promise.all([inputRunner?.stop(), windowRunner?.stop(), systemRunner?.stop()])
      await windowQueue
      running = false
      flush('stop')
    },
    flush: (reason) => flush(reason),
    systemEvent,
    refresh,
    status: () => ({
      running,
      paused,
      front_app: running ? frontApp() : null,
      private_mode: currentSettings().private_mode,
      buffered_signals: buffer.size,
      signals_written: signalsWritten,
      last_flush_at: lastFlushAt,
      last_flush_error: lastFlushError,
    }),
    applyRetention,
  }
}
