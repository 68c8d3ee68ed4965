// Pause/resume. A timed pause is stored as its end time, so it survives restarts and ends by
// itself without a timer having to fire.
import type { TrackingState } from '../../shared/contract'
import type { WritableDB } from './database'
import { prepared } from './prepared'
import { type Clock } from '../base/clock'
import { isoSeconds } from '../../shared/isoTime'

const KEY = 'tracking.paused_until'
/** stored value meaning "paused until I resume" */
const INDEFINITE = 'indefinite'

export interface TrackingControl {
  state(): TrackingState
  isPaused(): boolean
  pause(minutes: number | null): TrackingState
  resume(): TrackingState
}

/**
 * `isPrivate`: private mode records activity as the app "private"; shown as its own mode.
 * `onChange`: called after every pause and resume, whoever asked (API, tray, CLI).
 */
export function createTrackingControl(
  db: WritableDB,
  clock: Clock,
  isPrivate: () => boolean = () => false,
  onChange: () => void = () => {},
): TrackingControl {
  const read = prepared<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?')
  const write = prepared<[string, string]>(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  )
  const remove = prepared<[string]>(db, 'DELETE FROM settings WHERE key = ?')

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
      write.run(KEY, minutes === null ? INDEFINITE : isoSeconds(clock.now() + minutes * 60_000))
      onChange()
      return control.state()
    },
    resume() {
      remove.run(KEY)
      onChange()
      return control.state()
    },
  }
  return control
}
