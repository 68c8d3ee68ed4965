// Local-time presentation of the contract's UTC instants. Only the renderer converts to local time.
import { isoSeconds } from '../../shared/isoTime'
import { ActivityType } from '../../shared/domain'

/** UTC ISO with whole seconds and `Z`, the contract's format. */

const pad = (n: number) => String(n).padStart(2, '0')

export const formatClock = (iso: string): string => {
  const d = new Date(iso)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** `YYYY-MM-DD` of the local day an instant falls in: the queue groups by it. */
export const localDayKey = (iso: string | number): string => {
  const d = new Date(iso)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export const formatDayHeading = (dayKey: string): string => {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d).toLocaleDateString(undefined, {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  })
}

export const formatMinutes = (minutes: number): string => {
  const whole = Math.round(minutes)
  if (whole < 60) return `${whole} min`
  const h = Math.floor(whole / 60)
  const m = whole % 60
  return m ? `${h} h ${m} min` : `${h} h`
}

/** Value for `<input type="datetime-local">` in local time, minute precision. */
export const toLocalInput = (iso: string): string => {
  const d = new Date(iso)
  return `${localDayKey(iso)}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** Back from `datetime-local` (interpreted in local time) to the contract's UTC ISO. */
export const fromLocalInput = (value: string): string | null => {
  const ms = new Date(value).getTime()
  return Number.isNaN(ms) ? null : isoSeconds(ms)
}

/** Local midnight of a day key, as epoch ms. */
export const dayStartMs = (dayKey: string): number => {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number]
  return new Date(y, m - 1, d).getTime()
}

/** Day keys are calendar dates: adding days is the same in every zone (one implementation). */
export { addDays } from '../../shared/report/zonedDays'

export const activityLabel = (activity: string): string => activity.replace(/_/g, ' ')

/** The activity types in the contract's order (the domain's enum is the one list). */
export const ACTIVITY_TYPES = ActivityType.options
