// The day timeline: activity from signals (active per app, idle, away) and the entries on one
// time axis. Clicking an entry selects it in the queue; dragging an edge (or arrow keys on a
// focused edge) moves its start or end.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import type { ActivitySpan, ReviewEntry, Timeline } from '../../../shared/contract/entries'
import { addDays, dayStartMs, formatClock, formatDayHeading, formatMinutes, localDayKey, toUtcIso, activityLabel } from '../format'
import { useAppStore } from '../state/appStore'
import { projectName, useProjectsStore } from '../state/projectsStore'
import { useReviewStore } from '../state/reviewStore'
import { errorMessage } from '../../../shared/errorMessage'
import { CalendarLane } from '../calendar/CalendarLane'

const HOUR = 3_600_000
const MINUTE = 60_000

interface Drag {
  id: string
  edge: 'start' | 'end'
  originX: number
  originMs: number
  previewMs: number
  laneWidth: number
}

/** A stable colour per app, so the same app looks the same every day. */
function appHue(app: string): number {
  let hash = 0
  for (const ch of app) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return hash % 360
}

function visibleRange(dayStart: number, timeline: Timeline | null): [number, number] {
  const times: number[] = []
  for (const e of timeline?.entries ?? []) times.push(Date.parse(e.started_at), Date.parse(e.ended_at))
  for (const a of timeline?.activity ?? []) times.push(Date.parse(a.started_at), Date.parse(a.ended_at))
  if (times.length === 0) return [dayStart + 8 * HOUR, dayStart + 18 * HOUR]
  const from = Math.max(dayStart, Math.floor((Math.min(...times) - dayStart) / HOUR) * HOUR + dayStart - HOUR)
  const to = Math.min(dayStart + 24 * HOUR, Math.ceil((Math.max(...times) - dayStart) / HOUR) * HOUR + dayStart + HOUR)
  return [from, Math.max(to, from + 2 * HOUR)]
}

export function TimelineView({ onShowInQueue }: { onShowInQueue(): void }) {
  const api = useAppStore((s) => s.api)
  const cursor = useReviewStore((s) => s.cursor)
  const projects = useProjectsStore((s) => s.projects)
  const [day, setDay] = useState(() => {
    const { cursor: id, byId } = useReviewStore.getState()
    return localDayKey(id && byId[id] ? byId[id].started_at : Date.now())
  })
  const [timeline, setTimeline] = useState<Timeline | null>(null)
  const [phase, setPhase] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState<string | null>(null)
  const [drag, setDrag] = useState<Drag | null>(null)
  const laneRef = useRef<HTMLDivElement>(null)

  const load = useCallback(async () => {
    if (!api) return
    setPhase((p) => (p === 'ready' ? p : 'loading'))
    try {
      const start = dayStartMs(day)
      const next = dayStartMs(addDays(day, 1))
      setTimeline(await api.call('timeline.day', { from: toUtcIso(start), to: toUtcIso(next) }))
      setPhase('ready')
    } catch (e) {
      setError(`Could not load the timeline: ${errorMessage(e)}`)
      setPhase('error')
    }
  }, [api, day])
  useEffect(() => {
    void load()
  }, [load])

  const dayStart = dayStartMs(day)
  const [from, to] = visibleRange(dayStart, timeline)
  const pct = (ms: number) => `${((Math.min(Math.max(ms, from), to) - from) / (to - from)) * 100}%`
  const width = (a: number, b: number) => `${((Math.min(b, to) - Math.max(a, from)) / (to - from)) * 100}%`

  async function commit(entry: ReviewEntry, edge: 'start' | 'end', ms: number) {
    const iso = toUtcIso(Math.round(ms / MINUTE) * MINUTE)
    const ok = await useReviewStore.getState().update(entry.id, edge === 'start' ? { started_at: iso } : { ended_at: iso })
    if (ok) await load()
  }

  function startDrag(event: PointerEvent<HTMLSpanElement>, entry: ReviewEntry, edge: 'start' | 'end') {
    event.stopPropagation()
    event.preventDefault()
    event.currentTarget.setPointerCapture?.(event.pointerId)
    const originMs = Date.parse(edge === 'start' ? entry.started_at : entry.ended_at)
    setDrag({ id: entry.id, edge, originX: event.clientX, originMs, previewMs: originMs, laneWidth: laneRef.current?.clientWidth ?? 1 })
  }
  function moveDrag(event: PointerEvent<HTMLSpanElement>) {
    if (!drag) return
    const deltaMs = ((event.clientX - drag.originX) / drag.laneWidth) * (to - from)
    setDrag({ ...drag, previewMs: Math.round((drag.originMs + deltaMs) / MINUTE) * MINUTE })
  }
  function endDrag(entry: ReviewEntry) {
    if (!drag) return
    const { edge, previewMs, originMs } = drag
    setDrag(null)
    if (previewMs !== originMs) void commit(entry, edge, previewMs)
  }
  function edgeKey(event: KeyboardEvent<HTMLSpanElement>, entry: ReviewEntry, edge: 'start' | 'end') {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
    event.preventDefault()
    event.stopPropagation()
    const step = (event.shiftKey ? 1 : 5) * MINUTE * (event.key === 'ArrowLeft' ? -1 : 1)
    void commit(entry, edge, Date.parse(edge === 'start' ? entry.started_at : entry.ended_at) + step)
  }
  function select(entry: ReviewEntry) {
    useReviewStore.getState().setCursor(entry.id)
  }

  const hours: number[] = []
  for (let t = Math.ceil(from / HOUR) * HOUR; t <= to; t += HOUR) hours.push(t)
  const selectedEntry = timeline?.entries.find((e) => e.id === cursor) ?? null
  const span = (e: ReviewEntry) => {
    const start = drag?.id === e.id && drag.edge === 'start' ? drag.previewMs : Date.parse(e.started_at)
    const end = drag?.id === e.id && drag.edge === 'end' ? drag.previewMs : Date.parse(e.ended_at)
    return [start, end] as const
  }
  const activityTitle = (a: ActivitySpan) =>
    `${a.kind === 'active' ? a.app : a.kind} ${formatClock(a.started_at)}–${formatClock(a.ended_at)}${a.kind === 'active' ? ` · ${a.events} events` : ''}`

  return (
    <section className="timeline" aria-labelledby="timeline-title" data-testid="timeline">
      <div className="toolbar">
        <button type="button" onClick={() => setDay((d) => addDays(d, -1))} aria-label="Previous day">
          ←
        </button>
        <h2 id="timeline-title" className="timeline__title">
          {formatDayHeading(day)}
        </h2>
        <button type="button" onClick={() => setDay((d) => addDays(d, 1))} aria-label="Next day">
          →
        </button>
        <button type="button" onClick={() => setDay(localDayKey(Date.now()))}>
          Today
        </button>
        <span className="legend" aria-label="Legend">
          <span className="legend__item legend__item--active">active</span>
          <span className="legend__item legend__item--idle">idle</span>
          <span className="legend__item legend__item--away">away</span>
          <span className="legend__item legend__item--pending">pending</span>
          <span className="legend__item legend__item--approved">approved</span>
        </span>
      </div>
      {phase === 'loading' && (
        <p role="status" aria-busy="true">
          Loading the timeline…
        </p>
      )}
      {phase === 'error' && (
        <div role="alert">
          <p>{error}</p>
          <button type="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {phase === 'ready' && timeline && (
        <>
          {timeline.entries.length === 0 && timeline.activity.length === 0 && <p className="empty">No activity or entries on this day.</p>}
          <div className="axis" aria-hidden="true">
            {hours.map((h) => (
              <span key={h} className="axis__tick" style={{ left: pct(h) }}>
                {formatClock(toUtcIso(h))}
              </span>
            ))}
          </div>
          <CalendarLane from={from} to={to} pct={pct} width={width} />
          <div className="lane-label" id="lane-activity">
            Activity
          </div>
          <div className="lane" role="list" aria-labelledby="lane-activity" data-testid="lane-activity">
            {timeline.activity.map((a) => (
              <div
                key={`${a.started_at}-${a.kind}-${a.app ?? ''}`}
                role="listitem"
                className={`span span--${a.kind}`}
                data-kind={a.kind}
                title={activityTitle(a)}
                aria-label={activityTitle(a)}
                style={{
                  left: pct(Date.parse(a.started_at)),
                  width: width(Date.parse(a.started_at), Date.parse(a.ended_at)),
                  ...(a.kind === 'active' && a.app ? { backgroundColor: `hsl(${appHue(a.app)} 55% 55%)` } : {}),
                }}
              />
            ))}
          </div>
          <div className="lane-label" id="lane-entries">
            Entries
          </div>
          <div className="lane lane--entries" ref={laneRef} role="list" aria-labelledby="lane-entries" data-testid="lane-entries">
            {timeline.entries.map((e) => {
              const [start, end] = span(e)
              const label = `${formatClock(toUtcIso(start))}–${formatClock(toUtcIso(end))} ${projectName(projects, e.project_id) ?? activityLabel(e.activity_type)}, ${e.status}`
              const editable = e.status === 'pending'
              return (
                <div
                  key={e.id}
                  role="listitem"
                  className={`block block--${e.status}${e.id === cursor ? ' block--selected' : ''}`}
                  style={{ left: pct(start), width: width(start, end) }}
                  data-testid="timeline-entry"
                  data-entry-id={e.id}
                >
                  <button type="button" className="block__body" aria-label={label} aria-pressed={e.id === cursor} onClick={() => select(e)}>
                    {formatMinutes((end - start) / MINUTE)}
                  </button>
                  {editable &&
                    (['start', 'end'] as const).map((edge) => (
                      <span
                        key={edge}
                        role="slider"
                        tabIndex={0}
                        aria-label={`${edge === 'start' ? 'Start' : 'End'} of ${label}`}
                        aria-valuetext={formatClock(toUtcIso(edge === 'start' ? start : end))}
                        aria-valuenow={Math.round(((edge === 'start' ? start : end) - dayStart) / MINUTE)}
                        aria-valuemin={0}
                        aria-valuemax={24 * 60}
                        className={`block__edge block__edge--${edge}`}
                        data-testid={`edge-${edge}`}
                        onPointerDown={(ev) => startDrag(ev, e, edge)}
                        onPointerMove={moveDrag}
                        onPointerUp={() => endDrag(e)}
                        onPointerCancel={() => setDrag(null)}
                        onKeyDown={(ev) => edgeKey(ev, e, edge)}
                      />
                    ))}
                </div>
              )
            })}
          </div>
          {selectedEntry && (
            <div className="timeline__detail" data-testid="timeline-detail">
              Selected: {formatClock(selectedEntry.started_at)}–{formatClock(selectedEntry.ended_at)} · {formatMinutes(selectedEntry.duration_minutes)} ·{' '}
              {activityLabel(selectedEntry.activity_type)} · {selectedEntry.status}{' '}
              <button type="button" onClick={onShowInQueue}>
                Show in queue
              </button>
            </div>
          )}
          <p className="muted">Drag an entry&apos;s edge, or focus it and press ←/→ (Shift for 1 minute), to move its start or end.</p>
        </>
      )}
    </section>
  )
}
