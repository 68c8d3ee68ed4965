// App-level methods: status, tracking state, settings.
import { z } from 'zod'
import { Settings } from '../domain'
import { defineEvents, defineMethods, NoInput } from './define'

export const HealthState = z.enum(['ok', 'degraded', 'off'])
export const SourceHealth = z.object({
  source: z.enum(['input', 'window', 'system', 'store']),
  state: HealthState,
  reason: z.string().nullable(),
})
export type SourceHealth = z.infer<typeof SourceHealth>

export const TrackingState = z.object({
  mode: z.enum(['active', 'idle', 'paused', 'private', 'excluded']),
  /** when a timed pause ends; null for "until I resume" or when not paused */
  paused_until: z.string().nullable(),
})
export type TrackingState = z.infer<typeof TrackingState>

export const AppStatus = z.object({
  version: z.string(),
  tracking: TrackingState,
  capture_health: z.array(SourceHealth),
  pending_count: z.number().int().min(0),
})
export type AppStatus = z.infer<typeof AppStatus>

export const PauseRequest = z.object({
  /** minutes to pause for; null pauses until the user resumes */
  minutes: z.number().int().min(1).max(24 * 60).nullable(),
})

export const appMethods = defineMethods({
  'app.getStatus': { input: NoInput, output: AppStatus, summary: 'Version, tracking state, capture health, pending count' },
  'tracking.pause': { input: PauseRequest, output: TrackingState, summary: 'Pause capture for a while or until resumed' },
  'tracking.resume': { input: NoInput, output: TrackingState, summary: 'Resume capture' },
  'settings.get': { input: NoInput, output: Settings, summary: 'Current settings' },
  'settings.update': { input: Settings.partial(), output: Settings, summary: 'Change some settings; returns all' },
})

export const appEvents = defineEvents({
  'status.changed': AppStatus,
  'settings.changed': Settings,
})
