// The composition root: builds every service from injected adapters. The Electron shell, the
// CLI and the tests all build the app here; nothing in this file (or below it) imports electron.
import type { AppStatus } from '../../shared/contract'
import { reviewChanged } from '../../shared/contract/entries'
import { version } from '../../../package.json'
import { createAppHandlers } from '../api/appHandlers'
import { createCalendarHandlers } from '../api/calendarHandlers'
import { createMatterHandlers } from '../api/matterHandlers'
import { createCodesService } from '../matters/codesService'
import { createGuidelineService } from '../matters/guidelineService'
import { createMatterService, type MatterService } from '../matters/matterService'
import { createCalendarService, type CalendarService } from '../calendar/calendarService'
import { createMaintenanceHandlers, type MaintenanceDeps } from '../api/maintenanceHandlers'
import { createDispatcher, type Dispatch, type Handlers } from '../api/dispatcher'
import { createCaptureHandlers } from '../api/captureHandlers'
import { createImportHandlers } from '../api/importHandlers'
import { importWorkerFromSource } from '../import/importWorkerClient'
import { createSuggestHandlers } from '../api/suggestHandlers'
import { createCaptureService, type CaptureService } from '../capture/captureService'
import type { CaptureSources } from '../capture/types'
import { SuggestHost } from '../suggest/host'
import { suggestWorkerFromSource } from '../suggest/workerFactory'
import { createCalendarWorker } from '../suggest/calendarWorker'
import { createReviewHandlers } from '../api/reviewHandlers'
import { createReportHandlers, type ReportPdfPrinter } from '../api/reportHandlers'
import { exportLedes, type LedesRequest, type LedesResult } from '../report/ledesExport'
import { createReportService, type ReportService } from '../report/reportService'
import { createEntryReview, createReviewDecisions, type EntryReview } from '../review/decisionsAdapter'
import { createMemorySecretStore, type SecretStore } from '../base/secretStore'
import { createSyncService, type SyncService } from '../sync/syncService'
import { createSyncHandlers } from '../api/syncHandlers'
import { createSettingsStore, type SettingsStore } from '../store/settings'
import { closeDatabase, openDatabase, type WritableDB } from '../store/database'
import type { DatabaseHolder } from '../store/dbHolders'
import { countPendingEntries } from '../store/entries'
import { createTrackingControl, type TrackingControl } from '../store/trackingState'
import { systemClock, type Clock } from '../base/clock'
import { EventBus } from '../base/eventBus'
import { HealthRegistry } from '../base/healthRegistry'
import { createStderrLogger, type Logger } from '../base/logger'
import { createServiceGroup, type ServiceGroup } from '../base/service'
import { errorMessage } from '../../shared/errorMessage'
import { dailyBackupService, reportWarmUpService, SUGGEST_INTERVAL_MS } from './backgroundServices'
import { type WorkerFactory } from '../base/workerThread'

export interface CoreOptions {
  /** SQLite file, or ':memory:' */
  dbPath: string
  clock?: Clock
  logger?: Logger
  fetch?: typeof fetch
  secretStore?: SecretStore
  /** better-sqlite3 binary built for Electron's ABI, when running inside Electron */
  nativeBinding?: string
  /** capture sources (input, active window, system state); none: capture records nothing */
  captureSources?: CaptureSources
  /** how often buffered signals are written (default 5 s) */
  captureFlushIntervalMs?: number
  /** signals capture holds in memory at most while the store cannot be written */
  captureMaxBufferedSignals?: number
  /** starts the suggest worker; Electron passes builtWorkerFactory(out/main/suggestWorker.js), default runs the .ts source via tsx */
  suggestWorkerFactory?: WorkerFactory
  /** starts an import worker; Electron passes builtWorkerFactory(out/main/importWorker.js), default runs the .ts source via tsx */
  importWorkerFactory?: WorkerFactory
  /** process new signals this often (the app: e.g. 5000); unset: only when processPending() is called */
  suggestIntervalMs?: number
  /** the shell's background extras, started with the other services: a daily verified backup and
   * the report days summed ahead some seconds after start (default: neither; the CLI has no use) */
  dailyBackups?: boolean
  reportWarmUpDelayMs?: number
  /** sync with this server instead of the configured one (the CLI's --server) */
  syncServerUrl?: string
  /** how sync waits between retries (default: real timers; tests: a fake that moves `clock`) */
  syncSleep?: (ms: number) => Promise<void>
  /** Settings → Backups / Diagnostics: the log file's tail, the shell's restore-and-restart, the OS line */
  maintenance?: Pick<MaintenanceDeps, 'logTail' | 'restoreBackup' | 'platform'>
  /** Reports → Save PDF: the shell's printToPDF; unset (CLI, tests), PDF is unavailable */
  reportPdf?: ReportPdfPrinter
  /** who holds the database while the core is open, named when a restore is refused */
  holder?: DatabaseHolder
}

export interface Core {
  readonly version: string
  readonly db: WritableDB
  readonly clock: Clock
  readonly logger: Logger
  readonly fetch: typeof fetch
  readonly secretStore: SecretStore
  readonly events: EventBus
  readonly health: HealthRegistry
  readonly settings: SettingsStore
  readonly tracking: TrackingControl
  /** every feature's background work, started and stopped one way: the shell starts all of them,
   * `cli capture` only capture; close() stops what was started (base/service.ts) */
  readonly services: ServiceGroup
  readonly capture: CaptureService
  /** sync; the shell also tells its scheduler when the machine goes on- or offline */
  readonly sync: SyncService
  /** signals → suggested entries in a worker (a round every suggestIntervalMs once started) */
  readonly suggest: SuggestHost
  /** totals, drill-down and export files for a period (the view, `billops report`) */
  readonly reports: ReportService
  /** a LEDES 1998B invoice file for one client and period (Reports, `billops report --format ledes1998b`) */
  ledes(request: LedesRequest): LedesResult
  /** the queue and its decisions as the CLI reads and makes them */
  readonly review: EntryReview
  /** the matter list (Settings → Matters, `billops matters`) */
  readonly matters: MatterService
  /** calendar sources (subscriptions refreshed every 15 min once started) */
  readonly calendar: CalendarService
  readonly handlers: Handlers
  readonly dispatch: Dispatch
  status(): AppStatus
  notifyStatus(): void
  close(): Promise<void>
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? createStderrLogger()
  const db = openDatabase(options.dbPath, {
    nativeBinding: options.nativeBinding,
    ...(options.holder ? { holder: options.holder } : {}),
    onRestoreRecovered: (outcome) =>
      logger.warn(`a restore of ${options.dbPath} had stopped part-way; recovered: ${outcome}`),
  })
  const events = new EventBus()
  // Every settings change, whoever makes it, is announced (capture, suggest and an open Settings form follow).
  const settings = createSettingsStore(db, clock.now, (changed) => events.emit('settings.changed', changed))
  // A pause or resume (API, tray, CLI) reaches capture at once: it flushes and stops recording.
  const tracking = createTrackingControl(
    db,
    clock,
    () => settings.get().private_mode,
    () => capture.refresh(),
  )

  const status = (): AppStatus => ({
    version,
    tracking: tracking.state(),
    capture_health: health.list(),
    pending_count: countPendingEntries(db),
  })
  const notifyStatus = () => events.emit('status.changed', status())
  const health = new HealthRegistry(() => notifyStatus())
  const settingsProblem = settings.problem()
  health.set('store', settingsProblem ? 'degraded' : 'ok', settingsProblem)
  if (settingsProblem) logger.warn(settingsProblem)

  const capture = createCaptureService({
    db,
    clock,
    logger,
    health,
    settings: () => settings.get(),
    isPaused: () => tracking.isPaused(),
    sources: options.captureSources ?? {},
    flushIntervalMs: options.captureFlushIntervalMs,
    maxBufferedSignals: options.captureMaxBufferedSignals,
  })
  events.on('settings.changed', () => capture.refresh())

  const secretStore = options.secretStore ?? createMemorySecretStore()
  const sync = createSyncService({
    db,
    clock,
    logger,
    fetch: options.fetch ?? fetch,
    secretStore,
    settings,
    events,
    serverUrl: options.syncServerUrl,
    sleep: options.syncSleep,
  })
  const workerFactory = options.suggestWorkerFactory ?? suggestWorkerFromSource()
  const calendarWorker = createCalendarWorker(workerFactory, logger)
  const calendar = createCalendarService({
    db,
    clock,
    logger,
    fetch: options.fetch ?? fetch,
    secretStore,
    settings: () => settings.get(),
    expand: calendarWorker.expand,
  })
  const suggest = new SuggestHost({
    db,
    settings: () => settings.get(),
    workerFactory,
    calendarRange: calendar.ensureRange,
    logger,
    now: clock.now,
    onStatus: (status) => events.emit('suggest.status', status),
    onEntriesChanged: (delta) => {
      events.emit('review.changed', reviewChanged('suggestions', delta))
      notifyStatus()
    },
  })
  events.on('settings.changed', () => suggest.settingsChanged())
  const reports = createReportService({ db, settings: () => settings.get(), now: () => clock.now() })
  const ledes = (request: LedesRequest) => exportLedes(db, settings.get(), request, clock.now())
  const partial = { status, notifyStatus, tracking, settings, events }
  const matters = createMatterService(db, clock.now)
  const codes = createCodesService(db, clock.now, () => settings.get().client_utbms_required)
  const guidelines = createGuidelineService(db, () => settings.get())
  // the queue shows each pending entry's codes and broken guidelines, days in this machine's zone
  const billingOf = (ids: readonly string[]) => {
    const violations = new Map(
      guidelines.check(ids, Intl.DateTimeFormat().resolvedOptions().timeZone).map((c) => [c.entry_id, c.violations]),
    )
    return new Map(
      codes
        .get(ids)
        .map(({ entry_id, ...code }) => [entry_id, { ...code, violations: violations.get(entry_id) ?? [] }]),
    )
  }
  const handlers: Handlers = {
    ...createAppHandlers(partial),
    ...createMaintenanceHandlers({
      dbPath: options.dbPath,
      status,
      syncStatus: () => sync.status(),
      ...options.maintenance,
    }),
    ...createSyncHandlers({ sync, settings }),
    ...createSuggestHandlers(suggest),
    ...createCalendarHandlers(calendar),
    ...createCaptureHandlers({ capture, health, settings, notifyStatus }),
    ...createImportHandlers({
      db,
      clock,
      settings,
      workerFactory: options.importWorkerFactory ?? importWorkerFromSource(),
    }),
    ...createReviewHandlers({
      db,
      clock,
      settings,
      notifyStatus,
      decisions: createReviewDecisions(db, clock),
      billingOf,
    }),
    ...createReportHandlers({ reports, ledes, printPdf: options.reportPdf }),
    // an import or a code the user sets changes what the engine proposes: pending suggestions follow
    ...createMatterHandlers({ matters, codes, guidelines, suggestAgain: () => suggest.suggestionInputsChanged() }),
  }

  const services = createServiceGroup([
    { name: 'capture', start: () => void capture.start(), stop: () => capture.stop() },
    {
      name: 'suggest',
      start: () => suggest.startTimer(options.suggestIntervalMs ?? SUGGEST_INTERVAL_MS),
      stop: () => suggest.stopTimer(),
    },
    { name: 'sync', start: () => sync.scheduler.start(), stop: () => sync.scheduler.stop() },
    { name: 'calendar', start: () => calendar.startScheduler(), stop: () => calendar.stop() },
    ...(options.dailyBackups ? [dailyBackupService(db, options.dbPath, clock, logger)] : []),
    ...(options.reportWarmUpDelayMs !== undefined
      ? [reportWarmUpService(reports, logger, options.reportWarmUpDelayMs)]
      : []),
  ])

  let closed = false
  return {
    version,
    db,
    clock,
    logger,
    fetch: options.fetch ?? fetch,
    secretStore,
    events,
    health,
    settings,
    tracking,
    services,
    capture,
    sync,
    suggest,
    reports,
    ledes,
    review: createEntryReview(db, clock),
    matters,
    calendar,
    handlers,
    dispatch: createDispatcher(handlers, logger),
    status,
    notifyStatus,
    async close() {
      if (closed) return
      closed = true
      await services
        .stop()
        .catch((error: unknown) => logger.warn('a background service failed to stop', errorMessage(error)))
      // never started ones too: a CLI command may have run a capture or a sync pass directly
      await sync.scheduler.stop()
      await capture.stop()
      await calendar.stop()
      await suggest.close()
      await calendarWorker.close()
      closeDatabase(db)
    },
  }
}
