// The day timeline: activity from signals (active per app, idle, away) and the entries on one
// time axis. Clicking an entry selects it in the queue; dragging an edge (or arrow keys on a
// focused edge) moves its start or end, and the move is announced. Apps in the activity lane
// differ in pattern as well as colour, and the legend names them with their time.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react'
import type { ActivitySpan, ReviewEntry, Timeline } from '../../../shared/contract/entries'
import {
  addDays,
  dayStartMs,
  formatClock,
  formatDayHeading,
  formatMinutes,
  localDayKey,
  activityLabel,
} from '../format'
import { useAppStore } from '../state/appStore'
import { projectName, useProjectsStore } from '../state/projectsStore'
import { useReviewStore } from '../state/reviewStore'
import { errorMessage } from '../../../shared/errorMessage'
import { CalendarLane } from '../calendar/CalendarLane'
import { Legend, type LegendItem } from '../components/Legend'
import { appSwatches } from './appSwatch'
import { isoSeconds } from '../../../shared/isoTime'

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

const KIND_LEGEND: readonly LegendItem[] = [
  { key: 'idle', label: 'idle', swatchClass: 'legend__swatch--idle' },
  { key: 'meeting', label: 'quiet in a meeting', swatchClass: 'legend__swatch--meeting' },
  { key: 'away', label: 'away', swatchClass: 'legend__swatch--away' },
  { key: 'pending', label: 'pending entry', swatchClass: 'legend__swatch--pending' },
  { key: 'approved', label: 'approved entry', swatchClass: 'legend__swatch--approved' },
]

function visibleRange(dayStart: number, timeline: Timeline | null): [number, number] {
  const times: number[] = []
  for (const e of timeline?.entries ?? []) times.push(Date.parse(e.started_at), Date.parse(e.ended_at))
  for (const a of timeline?.activity ?? []) times.push(Date.parse(a.started_at), Date.parse(a.ended_at))
  if (times.length === 0) return [dayStart + 8 * HOUR, dayStart + 18 * HOUR]
  const from = Math.max(dayStart, Math.floor((Math.min(...times) - dayStart) / HOUR) * HOUR + dayStart - HOUR)
  const to = Math.min(dayStart + 24 * HOUR, Math.ceil((Math.max(...times) - dayStart) / HOUR) * HOUR + dayStart + HOUR)
  return [from, Math.max(to, from + 2 * HOUR)]
}

export function TimelineView({ onShowInQueue, initialDay }: { onShowInQueue(): void; initialDay?: string }) {
  const api = useAppStore((s) => s.api)
  const cursor = useReviewStore((s) => s.cursor)
  const projects = useProjectsStore((s) => s.projects)
  const [day, setDay] = useState(() => {
    if (initialDay) return initialDay
    const { cursor: id, byId } = useReviewStore.getState()
    return localDayKey(id && byId[id] ? byId[id].started_at : Date.now())
  })
  const [timeline, setTimeline] = useState<Timeline | null>(null)
  const [phase, setPhase] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState<string | null>(null)
  const [drag, setDrag] = useState<Drag | null>(null)
  /** what the last keyboard move did, for screen readers (a live region) */
  const [announcement, setAnnouncement] = useState('')
  const laneRef = useRef<HTMLDivElement>(null)

  const load = useCallback(async () => {
    if (!api) return
    setPhase((p) => (p === 'ready' ? p : 'loading'))
    try {
      const start = dayStartMs(day)
      const next = dayStartMs(addDays(day, 1))
      setTimeline(await api.call('timeline.day', { from: isoSeconds(start), to: isoSeconds(next) }))
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
    const iso = isoSeconds(Math.round(ms / MINUTE) * MINUTE)
    const ok = await useReviewStore
      .getState()
      .update(entry.id, edge === 'start' ? { started_at: iso } : { ended_at: iso })
    if (ok) await load()
    return ok ? iso : null
  }

  function startDrag(event: PointerEvent<HTMLSpanElement>, entry: ReviewEntry, edge: 'start' | 'end') {
    event.stopPropagation()
    event.preventDefault()
    event.currentTarget.setPointerCapture?.(event.pointerId)
    const originMs = Date.parse(edge === 'start' ? entry.started_at : entry.ended_at)
    setDrag({
      id: entry.id,
      edge,
      originX: event.clientX,
      originMs,
      previewMs: originMs,
      laneWidth: laneRef.current?.clientWidth ?? 1,
    })
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
    void commit(entry, edge, Date.parse(edge === 'start' ? entry.started_at : entry.ended_at) + step).then((iso) => {
      const start = edge === 'start' && iso ? iso : entry.started_at
      const end = edge === 'end' && iso ? iso : entry.ended_at
      setAnnouncement(
        iso
          ? `${edge === 'start' ? 'Start' : 'End'} moved to ${formatClock(iso)}: entry ${formatClock(start)}–${formatClock(end)}`
          : `Could not move the ${edge}.`,
      )
    })
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
  const swatches = useMemo(() => appSwatches(timeline?.activity ?? []), [timeline])
  const legend: LegendItem[] = [
    ...[...swatches.values()].map((s) => ({
      key: `app:${s.app}`,
      label: `${s.app} ${formatMinutes(s.minutes)}`,
      swatchStyle: s.style,
    })),
    ...KIND_LEGEND,
  ]
  const activityTitle = (a: ActivitySpan) =>
    `${a.kind === 'active' ? a.app : a.kind === 'meeting' ? 'quiet in a meeting' : a.kind} ${formatClock(a.started_at)}–${formatClock(a.ended_at)}${a.kind === 'active' ? ` · ${a.events} events` : ''}`

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
          <Legend label="Legend" items={legend} testId="timeline-legend" />
          {timeline.entries.length === 0 && timeline.activity.length === 0 && (
            <p className="empty">No activity or entries on this day.</p>
          )}
          <div className="axis" aria-hidden="true">
            {hours.map((h) => (
              <span key={h} className="axis__tick" style={{ left: pct(h) }}>
                {formatClock(isoSeconds(h))}
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
                  ...(a.kind === 'active' && a.app ? swatches.get(a.app)?.style : {}),
                }}
              />
            ))}
          </div>
          <div className="lane-label" id="lane-entries">
            Entries
          </div>
          <div
            className="lane lane--entries"
            ref={laneRef}
            role="list"
            aria-labelledby="lane-entries"
            data-testid="lane-entries"
          >
            {timeline.entries.map((e) => {
              const [start, end] = span(e)
              const label = `${formatClock(isoSeconds(start))}–${formatClock(isoSeconds(end))} ${projectName(projects, e.project_id) ?? activityLabel(e.activity_type)}, ${e.status}`
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
                  <button
                    type="button"
                    className="block__body"
                    aria-label={`${formatMinutes((end - start) / MINUTE)}: ${label}`}
                    aria-pressed={e.id === cursor}
                    onClick={() => select(e)}
                  >
                    {formatMinutes((end - start) / MINUTE)}
                  </button>
                  {editable &&
                    (['start', 'end'] as const).map((edge) => (
                      <span
                        key={edge}
                        role="slider"
                        tabIndex={0}
                        aria-label={`${edge === 'start' ? 'Start' : 'End'} of ${label}`}
                        aria-valuetext={formatClock(isoSeconds(edge === 'start' ? start : end))}
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
              Selected: {formatClock(selectedEntry.started_at)}–{formatClock(selectedEntry.ended_at)} ·{' '}
              {formatMinutes(selectedEntry.duration_minutes)} · {activityLabel(selectedEntry.activity_type)} ·{' '}
              {selectedEntry.status}{' '}
              <button type="button" onClick={onShowInQueue}>
                Show in queue
              </button>
            </div>
          )}
          <p role="status" className="visually-hidden" data-testid="timeline-announcement">
            {announcement}
          </p>
          <p className="muted">
            Drag an entry&apos;s edge, or focus it and press ←/→ (Shift for 1 minute), to move its start or end.
          </p>
        </>
      )}
    </section>
  )
}
