// Capture: turns raw input counts, front-window changes and system events into coalesced signals
// (≤ 1 per second, app and type) and writes them in one transaction at least every flush interval
// and at once on pause, lock, suspend, shutdown and stop. The hot path (one call per raw event)
// touches only memory: app id, exclusion and redacted title are computed once per window change.
// Over 350 lines on purpose: one closure holds the state every capture path shares (running,
// paused, idle, the front-window timeline, held input); each piece with an idea of its own lives
// beside it (windowContext, focusTimeline, signalWriter, sourceRunner).
import type { SignalType, Settings } from '../../shared/domain'
import type { Clock } from '../base/clock'
import type { HealthRegistry } from '../base/healthRegistry'
import type { Logger } from '../base/logger'
import type { WritableDB } from '../store/database'
import { createFocusTimeline } from './focusTimeline'
import { SignalBuffer } from './signalBuffer'
import { createSignalWriter } from './signalWriter'
import { createWindowContexts, NO_WINDOW, type AppContext } from './windowContext'
import { createSourceRunner, type HealthSource, type SourceRunner } from './sourceRunner'
import type { BackoffPolicy } from '../base/backoff'
import { type ActiveWindow, type CaptureSources, type InputKind, type SourceLifecycle, type SystemEvent } from './types'

/** App id of system-state signals (idle, lock, suspend…): they belong to no application. */
export const SYSTEM_APP = 'system'
export { PRIVATE_APP, UNKNOWN_APP } from './windowContext'

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
/** input waits at most this long for a window source to catch up (one that stopped answering) */
const MAX_HOLD_MS = 5_000

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
  db: WritableDB
  clock: Clock
  logger: Logger
  health: HealthRegistry
  settings: () => Settings
  isPaused: () => boolean
  sources: CaptureSources
  flushIntervalMs?: number
  backoff?: BackoffPolicy
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

export function createCaptureService(options: CaptureServiceOptions): CaptureService {
  const { db, clock, logger, health, sources } = options
  const flushIntervalMs = options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS
  const buffer = new SignalBuffer(options.maxBufferedSignals ?? MAX_BUFFERED_SIGNALS)
  const writer = createSignalWriter({ db, clock, logger, health, buffer })

  let running = false
  let paused = options.isPaused()
  let lastSettings: Settings | null = null
  const contexts = createWindowContexts(logger)
  // The front window (and how it is recorded) over the last minute: input is credited by the
  // time it happened. `context` is the newest entry.
  const timeline = createFocusTimeline<{ window: ActiveWindow | null; context: AppContext }>({
    window: null,
    context: NO_WINDOW,
  })
  let context: AppContext = timeline.latest().context
  /** input that happened after what the window source has reported so far (see settledUntil) */
  const held: { kind: InputKind; count: number; atMs: number }[] = []
  let lastFocusTs = Number.NEGATIVE_INFINITY
  let lastInputMono = clock.monotonic()
  let idle = false
  let flushTimer: ReturnType<typeof setTimeout> | null = null
  let retentionTimer: ReturnType<typeof setInterval> | null = null

  const second = () => Math.floor(clock.now() / 1000)

  function currentSettings(): Settings {
    const settings = options.settings()
    if (settings !== lastSettings) {
      lastSettings = settings
      contexts.useSettings(settings)
      // From now on: input from before the change keeps the context it happened in (private
      // mode switched off never reveals the app of input typed while it was on).
      const now = clock.now()
      const { window } = timeline.latest()
      timeline.set(now, { window, context: contexts.of(window, settings) })
      setContext(timeline.latest().context, now)
    }
    return settings
  }

  /**
   * Input signals carry no title: they inherit the one of the latest focus signal of their app.
   * So a focus signal is recorded whenever app or title changes — by a window change or by the
   * settings (title capture, redaction, private mode) — and again when recording resumes.
   */
  function setContext(next: AppContext, atMs = clock.now()) {
    const previous = context
    context = next
    if (next.app !== previous.app || next.title !== previous.title) recordFocus(atMs)
  }

  function recordFocus(atMs = clock.now()) {
    // "No window" is often a blink between two focus changes: it moves input to `unknown` but
    // is not worth a focus signal of its own.
    if (!running || paused || context.excluded || timeline.latest().window === null) return
    lastFocusTs = Math.floor(atMs / 1000)
    record('app_focus', context.app, 1, context.title, lastFocusTs)
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
  function onInput(kind: InputKind, count: number, atMs = clock.now()) {
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
    if (atMs > windowSettledUntil()) held.push({ kind, count, atMs })
    else credit(kind, count, atMs)
  }

  /** Every front-window change up to this time has been reported (see ActiveWindowSource). */
  function windowSettledUntil(): number {
    const settled = windowRunner?.running() ? sources.window?.settledUntil : undefined
    return settled ? settled.call(sources.window) : Number.POSITIVE_INFINITY
  }

  /** Input goes to the window that was in front when it happened, into that second. */
  function credit(kind: InputKind, count: number, atMs: number) {
    const { context: then } = timeline.at(atMs)
    if (then.excluded) return
    const ts = Math.floor(atMs / 1000)
    if (then === context && ts - lastFocusTs >= FOCUS_REPEAT_SECONDS) recordFocus(atMs)
    record(kind, then.app, count, null, ts)
  }

  /** Credits held input the window source has caught up with (all of it when `all`). */
  function releaseHeld(all = false) {
    if (held.length === 0) return
    const settled = all ? Number.POSITIVE_INFINITY : Math.max(windowSettledUntil(), clock.now() - MAX_HOLD_MS)
    const ready = held.filter((input) => input.atMs <= settled)
    if (ready.length === 0) return
    held.splice(0, held.length, ...held.filter((input) => input.atMs > settled))
    for (const input of ready) credit(input.kind, input.count, input.atMs)
  }

  function onWindow(next: ActiveWindow | null, atMs = clock.now()) {
    timeline.set(atMs, { window: next, context: contexts.of(next, currentSettings()) })
    setContext(timeline.latest().context, atMs)
    releaseHeld()
  }

  function systemEvent(event: SystemEvent) {
    if (!running) return
    // Lock, suspend and shutdown are hard boundaries for the heuristics. While paused nothing is
    // recorded at all: the pause itself already ends activity.
    if (!paused) record(event, SYSTEM_APP, 1, null)
    if (event === 'resume' || event === 'unlock') lastInputMono = clock.monotonic()
    flush(event)
  }

  /**
   * Runs with every flush: idle needs minutes, not seconds, and one timer means one wake-up.
   * The idle_start/idle_end markers are facts ("no input since T", "input again"), written for
   * the record and for readers that have no input rows (idle-only platforms). They decide
   * nothing: the presence model (src/shared/presence.ts) judges every quiet stretch by its
   * length, the app in front and the calendar, so a quiet call is never split by them (#23).
   */
  function tick() {
    releaseHeld()
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
    flushTimer = setTimeout(async () => {
      // Batching sources hand over what they hold first, so the seconds written are complete.
      await sources.input?.drain?.().catch(() => {})
      if (!running || !flushTimer) return
      tick()
      flush('interval', aligned)
      scheduleFlush()
    }, delay)
    flushTimer.unref?.()
  }

  /**
   * Writes buffered signals (all of them, or all but the second in progress). Every flush but the
   * periodic one writes everything: held input is credited with what is known of the windows.
   */
  function flush(reason = 'request', keepCurrentSecond = false): number {
    releaseHeld(!keepCurrentSecond)
    return writer.write(reason, keepCurrentSecond ? second() : Number.POSITIVE_INFINITY)
  }

  function applyRetention(): number {
    return writer.prune(second() - currentSettings().retention_days * 86_400)
  }

  const runner = (
    healthName: HealthSource,
    sourceName: string,
    start: (lifecycle: SourceLifecycle) => Promise<void>,
    stop: () => Promise<void>,
  ): SourceRunner =>
    createSourceRunner({ healthName, sourceName, start, stop, health, logger, backoff: options.backoff })

  const inputRunner = sources.input
    ? runner(
        'input',
        sources.input.name,
        (lc) => sources.input!.start(onInput, lc),
        () => sources.input!.stop(),
      )
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
    ? runner(
        'system',
        sources.system.name,
        (lc) => sources.system!.start(systemEvent, lc),
        () => sources.system!.stop(),
      )
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
      releaseHeld(true)
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
      ...writer.status(),
    }),
    applyRetention,
  }
}
