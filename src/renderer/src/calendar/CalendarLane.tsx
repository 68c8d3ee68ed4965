// The timeline's events lane (#16), drawn above activity: the day's calendar meetings.
import { useEffect, useState } from 'react'
import type { CalendarLaneEvent } from '../../../shared/contract/calendar'
import { errorMessage } from '../../../shared/errorMessage'
import { formatClock } from '../format'
import { useAppStore } from '../state/appStore'
import { isoSeconds } from '../../../shared/isoTime'

interface CalendarLaneProps {
  from: number
  to: number
  pct(ms: number): string
  width(a: number, b: number): string
}

export function CalendarLane({ from, to, pct, width }: CalendarLaneProps) {
  const api = useAppStore((s) => s.api)
  const [events, setEvents] = useState<CalendarLaneEvent[]>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (!api) return
    let current = true
    api.call('calendar.events', { from: isoSeconds(from), to: isoSeconds(to) }).then(
      (list) => current && (setEvents(list), setError(null)),
      (e: unknown) => current && setError(`Could not load calendar events: ${errorMessage(e)}`),
    )
    return () => {
      current = false
    }
  }, [api, from, to])
  if (events.length === 0 && !error) return null
  return (
    <>
      <div className="lane-label" id="lane-events">
        Events
      </div>
      {error && <p role="alert">{error}</p>}
      <div className="lane lane--events" role="list" aria-labelledby="lane-events" data-testid="lane-events">
        {events.map((event) => {
          const start = Date.parse(event.started_at)
          const end = Date.parse(event.ended_at)
          const label = `${formatClock(event.started_at)}–${formatClock(event.ended_at)} ${event.title || 'Untitled event'}`
          return (
            <div
              key={event.key}
              role="listitem"
              className="span span--event"
              title={label}
              aria-label={label}
              style={{ left: pct(start), width: width(start, end) }}
            >
              <span className="span__text">{event.title}</span>
            </div>
          )
        })}
      </div>
    </>
  )
}
