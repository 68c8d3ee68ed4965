// Capture controls and health: private mode, flushing, and the per-source status the tray and
// window show. Pausing lives in app.ts (tracking.pause); the presets below are what the tray
// offers for it.
import { z } from 'zod'
import { defineMethods, NoInput } from './define'
import { SourceHealth } from './app'

/** "Pause for 15 min / 1 h / until I resume": `minutes` for tracking.pause (null = until resumed). */
export const PAUSE_PRESETS = [
  { id: 'pause-15', label: 'For 15 minutes', minutes: 15 },
  { id: 'pause-60', label: 'For 1 hour', minutes: 60 },
  { id: 'pause-indefinite', label: 'Until I resume', minutes: null },
] as const satisfies readonly { id: string; label: string; minutes: number | null }[]

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
  'capture.getStatus': {
    input: NoInput,
    output: CaptureStatus,
    summary: 'Capture health per source, buffer and last flush',
  },
  'capture.setPrivateMode': {
    input: z.object({ enabled: z.boolean() }),
    output: CaptureStatus,
    summary: 'Private mode on/off: activity still counts, the app is recorded as "private", no title',
  },
  'capture.flush': { input: NoInput, output: CaptureStatus, summary: 'Write buffered signals now' },
})
