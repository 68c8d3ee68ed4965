// Pause/resume. A timed pause is stored as its end time, so it survives restarts and ends by
// itself without a timer having to fire.
import type { TrackingState } from '../../shared/contract'
import type { Database } from './database'
import { toIso, type Clock } from '../base/clock'

const KEY = 'tracking.paused_until'
/** stored value meaning "paused until I resume" */
const INDEFINITE = 'indefinite'

export interface TrackingControl {
  state(): TrackingState
  isPaused(): boolean
  pause(minutes: number | null): TrackingState
  resume(): TrackingState
}

/** `isPrivate`: private mode records activity as the app "private"; shown as its own mode. */
export function createTrackingControl(db: Database, clock: Clock, isPrivate: () => boolean = () => false): TrackingControl {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
  const write = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  const remove = db.prepare<[string]>('DELETE FROM settings WHERE key = ?')

  function pausedUntil(): string | null | undefined {
    const value = read.get(KEY)?.value
    if (value === undefined) return undefined
    if (value === INDEFINITE) return null
    return Date.parse(value) > clock.now() ? value : undefined
  }

  const control: TrackingControl = {
    state() {
      const until = pausedUntil()
      if (until !== undefined) return { mode: 'paused', paused_until: until }
      return { mode: isPrivate() ? 'private' : 'active', paused_until: null }
    },
    isPaused: () => pausedUntil() !== undefined,
    pause(minutes) {
      write.run(KEY, minutes === null ? INDEFINITE : toIso(clock.now() + minutes * 60_000))
      return control.state()
    },
    resume() {
      remove.run(KEY)
      return control.state()
    },
  }
  return control
}
