// The composition root: builds every service from injected adapters. The Electron shell, the
// CLI and the tests all build the app here; nothing in this file (or below it) imports electron.
import type { AppStatus } from '../../shared/contract'
import { version } from '../../../package.json'
import { createAppHandlers } from '../api/appHandlers'
import { createDispatcher, type Dispatch, type Handlers } from '../api/dispatcher'
import { createMemorySecretStore, type SecretStore } from '../platform/secretStore'
import { createSettingsStore, type SettingsStore } from '../settings/settingsStore'
import { closeDatabase, openDatabase, type Database } from '../store/database'
import { createTrackingControl, type TrackingControl } from '../tracking/trackingState'
import { systemClock, type Clock } from './clock'
import { EventBus } from './eventBus'
import { HealthRegistry } from './healthRegistry'
import { createStderrLogger, type Logger } from './logger'

export interface CoreOptions {
  /** SQLite file, or ':memory:' */
  dbPath: string
  clock?: Clock
  logger?: Logger
  fetch?: typeof fetch
  secretStore?: SecretStore
  /** better-sqlite3 binary built for Electron's ABI, when running inside Electron */
  nativeBinding?: string
}

export interface Core {
  readonly version: string
  readonly db: Database
  readonly clock: Clock
  readonly logger: Logger
  readonly fetch: typeof fetch
  readonly secretStore: SecretStore
  readonly events: EventBus
  readonly health: HealthRegistry
  readonly settings: SettingsStore
  readonly tracking: TrackingControl
  readonly handlers: Handlers
  readonly dispatch: Dispatch
  status(): AppStatus
  notifyStatus(): void
  close(): Promise<void>
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? createStderrLogger()
  const db = openDatabase(options.dbPath, { nativeBinding: options.nativeBinding })
  const events = new EventBus()
  const settings = createSettingsStore(db, clock.now)
  const tracking = createTrackingControl(db, clock)
  const countPending = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM entries WHERE status = 'pending'")

  const status = (): AppStatus => ({
    version,
    tracking: tracking.state(),
    capture_health: health.list(),
    pending_count: countPending.get()?.n ?? 0,
  })
  const notifyStatus = () => events.emit('status.changed', status())
  const health = new HealthRegistry(() => notifyStatus())
  const settingsProblem = settings.problem()
  health.set('store', settingsProblem ? 'degraded' : 'ok', settingsProblem)
  if (settingsProblem) logger.warn(settingsProblem)

  const partial = { status, notifyStatus, tracking, settings, events }
  const handlers: Handlers = {
    ...createAppHandlers(partial),
  }

  let closed = false
  return {
    version,
    db,
    clock,
    logger,
    fetch: options.fetch ?? fetch,
    secretStore: options.secretStore ?? createMemorySecretStore(),
    events,
    health,
    settings,
    tracking,
    handlers,
    dispatch: createDispatcher(handlers, logger),
    status,
    notifyStatus,
    async close() {
      if (closed) return
      closed = true
      closeDatabase(db)
    },
  }
}
