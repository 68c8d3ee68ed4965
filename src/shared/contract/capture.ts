// Capture controls and health: private mode, flushing, and the per-source status the tray and
// window show. Pausing lives in app.ts (tracking.pause); the presets below are what tray and
// window offer for it.
import { z } from 'zod'
import { defineMethods, NoInput } from './define'
import { SourceHealth } from './app'

/** "Pause for 15 min / 1 h / until I resume": `minutes` for tracking.pause (null = until resumed). */
export const PAUSE_PRESETS = [
  { label: 'Pause for 15 minutes', minutes: 15 },
  { label: 'Pause for 1 hour', minutes: 60 },
  { label: 'Pause until I resume', minutes: null },
] as const satisfies readonly { label: string; minutes: number | null }[]

export const CaptureStatus = z.object({
  /** ok / degraded (reason) / off per source: input, window, system, store */
  sources: z.array(SourceHealth),
  running: z.boolean(),
  paused: z.boolean(),
  /** app id in front as capture records it ('private' in private mode), null when not running */
  front_app: z.string().nullable(),
  private_mode: z.boolean(),
  /** coalesced signals waiting for the next flush */
  buffered_signals: z.number().int().min(0),
  signals_written: z.number().int().min(0),
  last_flush_at: z.string().nullable(),
  last_flush_error: z.string().nullable(),
})
export type CaptureStatus = z.infer<typeof CaptureStatus>

export const captureMethods = defineMethods({
  'capture.getStatus': { input: NoInput, output: CaptureStatus, summary: 'Capture health per source, buffer and last flush' },
  'capture.setPrivateMode': {
    input: z.object({ enabled: z.boolean() }),
    output: CaptureStatus,
    summary: 'Private mode on/off: activity still counts, the app is recorded as "private", no title',
  },
  'capture.flush': { input: NoInput, output: CaptureStatus, summary: 'Write buffered signals now' },
})
