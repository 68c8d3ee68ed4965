// The period a report covers, as local days: a day, the week (Monday first), the month, or a
// custom range. Moving back and forth keeps the kind of period.
import { weekStart } from '../../../shared/report/zonedDays'
import { addDays, localDayKey } from '../format'

export type PeriodKind = 'day' | 'week' | 'month' | 'custom'

export interface Period {
  kind: PeriodKind
  from: string
  to: string
}

const parts = (day: string) => day.split('-').map(Number) as [number, number, number]

export function periodContaining(kind: Exclude<PeriodKind, 'custom'>, day: string): Period {
  const [y, m] = parts(day)
  if (kind === 'day') return { kind, from: day, to: day }
  if (kind === 'week') {
    const from = weekStart(day)
    return { kind, from, to: addDays(from, 6) }
  }
  return { kind, from: localDayKey(new Date(y, m - 1, 1).getTime()), to: localDayKey(new Date(y, m, 0).getTime()) }
}

export function shiftPeriod(period: Period, direction: 1 | -1): Period {
  if (period.kind === 'custom') {
    const length =
      Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000) + 1
    return {
      kind: 'custom',
      from: addDays(period.from, direction * length),
      to: addDays(period.to, direction * length),
    }
  }
  const anchor =
    period.kind === 'month'
      ? direction === 1
        ? addDays(period.to, 1)
        : addDays(period.from, -1)
      : addDays(period.from, direction * (period.kind === 'week' ? 7 : 1))
  return periodContaining(period.kind, anchor)
}

export const userTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone
