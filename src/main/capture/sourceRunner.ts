// Runs one capture source: starts it, shows its health, and when it fails to start or dies later,
// retries with exponential backoff. A failing source never throws into the app.
import { exponentialDelayMs, SOURCE_RESTART_BACKOFF, type BackoffPolicy } from '../base/backoff'
import type { HealthRegistry } from '../base/healthRegistry'
import type { Logger } from '../base/logger'
import type { SourceLifecycle } from './types'
import { errorMessage } from '../../shared/errorMessage'

export type HealthSource = 'input' | 'window' | 'system'

export interface SourceRunner {
  start(): void
  stop(): Promise<void>
  /** true while the source is running (started and not failed) */
  running(): boolean
}

export function createSourceRunner(options: {
  healthName: HealthSource
  sourceName: string
  start: (lifecycle: SourceLifecycle) => Promise<void>
  stop: () => Promise<void>
  health: HealthRegistry
  logger: Logger
  backoff?: BackoffPolicy
}): SourceRunner {
  const { healthName, sourceName, health, logger } = options
  const backoff = options.backoff ?? SOURCE_RESTART_BACKOFF
  let failures = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let isRunning = false
  let stopped = false
  let generation = 0
  let attempts = 0

  const scheduleRetry = (reason: string) => {
    if (stopped) return
    failures += 1
    const wait = exponentialDelayMs(backoff, failures)
    health.set(healthName, 'off', `${reason}; retrying in ${Math.round(wait / 1000)} s`)
    retryTimer = setTimeout(() => {
      retryTimer = null
      attempt()
    }, wait)
    retryTimer.unref?.()
  }

  const attempt = () => {
    if (stopped) return
    const mine = ++generation
    attempts += 1
    const lifecycle: SourceLifecycle = {
      failed(message) {
        const reason = message.split('\n')[0] ?? message
        if (mine !== generation || stopped || !isRunning) return
        isRunning = false
        logger.warn(`capture source ${sourceName} failed`, reason)
        void options.stop().catch(() => {})
        scheduleRetry(reason)
      },
      degraded(reason) {
        if (mine !== generation || stopped) return
        health.set(healthName, reason === null ? 'ok' : 'degraded', reason)
      },
    }
    options.start(lifecycle).then(
      () => {
        if (mine !== generation || stopped) return
        isRunning = true
        failures = 0
        if (health.get(healthName).state === 'off') health.set(healthName, 'ok', null)
        if (attempts > 1) logger.info(`capture source ${sourceName} started after ${attempts} attempts`)
      },
      (error: unknown) => {
        if (mine !== generation || stopped) return
        // one line: health reasons show in a tray menu and a status line
        const reason = errorMessage(error).split('\n')[0] ?? 'unknown error'
        if (attempts === 1 || exponentialDelayMs(backoff, failures + 1) >= backoff.maxMs)
          logger.warn(`capture source ${sourceName} cannot start`, reason)
        scheduleRetry(reason)
      },
    )
  }

  return {
    start() {
      stopped = false
      attempt()
    },
    async stop() {
      stopped = true
      generation += 1
      if (retryTimer) clearTimeout(retryTimer)
      retryTimer = null
      const wasRunning = isRunning
      isRunning = false
      if (wasRunning)
        await options
          .stop()
          .catch((error: unknown) => logger.warn(`capture source ${sourceName} did not stop cleanly`, String(error)))
      health.set(healthName, 'off', 'capture stopped')
    },
    running: () => isRunning,
  }
}
