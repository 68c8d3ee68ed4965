// App-level methods: status, tracking state, settings.
import { z } from 'zod'
import { Settings } from '../domain'
import { CAPTURE_SOURCES } from '../signalRegistry'
import { defineEvents, defineMethods, NoInput } from './define'

export const HealthState = z.enum(['ok', 'degraded', 'off'])
export const SourceHealth = z.object({
  /** a capture source (the signal registry's), or the local store */
  source: z.enum([...CAPTURE_SOURCES, 'store']),
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

type WithoutDefaults<T extends z.ZodRawShape> = {
  [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer Inner> ? Inner : T[K]>
}

/**
 * settings.update's input: any subset of the settings, and nothing else filled in. (Settings.partial()
 * would not do: zod keeps each field's .default(), so `{notifications: false}` would come out with
 * every other setting reset to its default.)
 */
export const SettingsUpdate = z.object(
  Object.fromEntries(
    Object.entries(Settings.shape).map(([key, field]) => [
      key,
      (field instanceof z.ZodDefault ? field.unwrap() : field).optional(),
    ]),
  ) as WithoutDefaults<typeof Settings.shape>,
)
export type SettingsUpdate = z.infer<typeof SettingsUpdate>

export const PauseRequest = z.object({
  /** minutes to pause for; null pauses until the user resumes */
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .nullable(),
})

export const BackupItem = z.object({
  /** file name in the backups folder (restore by name: the renderer never passes paths) */
  name: z.string(),
  kind: z.enum(['daily', 'pre-migration', 'manual']),
  created_at: z.string(),
  bytes: z.number().int().min(0),
})
export const BackupSummary = z.object({
  folder: z.string(),
  /** newest first */
  backups: z.array(BackupItem),
})
export type BackupSummary = z.infer<typeof BackupSummary>
export const RestoreRequest = z.object({ name: z.string().min(1).max(200) })
export const RestoreStarted = z.object({ restarting: z.boolean() })
export const Diagnostics = z.object({ text: z.string() })

export const appMethods = defineMethods({
  'app.getStatus': {
    input: NoInput,
    output: AppStatus,
    summary: 'Version, tracking state, capture health, pending count',
  },
  'tracking.pause': {
    input: PauseRequest,
    output: TrackingState,
    summary: 'Pause capture for a while or until resumed',
  },
  'tracking.resume': { input: NoInput, output: TrackingState, summary: 'Resume capture' },
  'settings.get': { input: NoInput, output: Settings, summary: 'Current settings' },
  'settings.update': { input: SettingsUpdate, output: Settings, summary: 'Change some settings; returns all' },
  'backups.list': {
    input: NoInput,
    output: BackupSummary,
    summary: 'Verified backups of the local database, newest first',
  },
  'backups.restore': {
    input: RestoreRequest,
    output: RestoreStarted,
    summary: 'Restore a backup: the app closes its database, restores it, restarts',
  },
  'app.getDiagnostics': {
    input: NoInput,
    output: Diagnostics,
    summary: 'Version, OS, capture health, sync state, last 200 log lines',
  },
})

export const appEvents = defineEvents({
  'status.changed': AppStatus,
  'settings.changed': Settings,
})
