// One suggested entry in the queue: when, how long (and billed), which apps, what kind of work,
// how sure the suggestion is (and why to verify), the proposed project/client and why, the draft.
import { memo, type MouseEvent } from 'react'
import type { ReviewEntry } from '../../../shared/contract/entries'
import { activityLabel, formatClock, formatMinutes } from '../format'
import { CalendarBadge } from '../calendar/CalendarBadge'

export const ENTRY_ROW_HEIGHT = 78
export const DAY_ROW_HEIGHT = 40

interface EntryRowProps {
  entry: ReviewEntry
  isCursor: boolean
  isSelected: boolean
  projectName: string | null
  clientName: string | null
  showBilled: boolean
  onPick(id: string, event: MouseEvent): void
  onToggle(id: string, shift: boolean): void
}

const suggestionWhy = { rule: 'by rule', learned: 'learned', default: 'default' } as const

function confidenceLevel(confidence: number): 'high' | 'medium' | 'low' {
  if (confidence >= 0.8) return 'high'
  if (confidence >= 0.5) return 'medium'
  return 'low'
}

export const EntryRow = memo(function EntryRow({ entry, isCursor, isSelected, projectName, clientName, showBilled, onPick, onToggle }: EntryRowProps) {
  const ctx = entry.context_data
  const span = `${formatClock(entry.started_at)}–${formatClock(entry.ended_at)}`
  const level = confidenceLevel(ctx.confidence)
  const decided = entry.status !== 'pending'
  const source = ctx.suggestion_source
  const draft = entry.notes ?? ctx.narrative ?? null
  return (
    <div
      id={`entry-${entry.id}`}
      role="option"
      aria-selected={isSelected}
      aria-current={isCursor ? 'true' : undefined}
      aria-label={`${span}, ${formatMinutes(entry.duration_minutes)}, ${activityLabel(entry.activity_type)}, ${entry.status}`}
      data-testid="queue-row"
      data-entry-id={entry.id}
      data-status={entry.status}
      className={['row', isCursor && 'row--cursor', isSelected && 'row--selected', decided && `row--${entry.status}`].filter(Boolean).join(' ')}
      onClick={(e) => onPick(entry.id, e)}
    >
      <input
        type="checkbox"
        className="row__check"
        tabIndex={-1}
        aria-label={`Select ${span}`}
        checked={isSelected}
        disabled={decided}
        onClick={(e) => e.stopPropagation()}
        onChange={(e) => onToggle(entry.id, (e.nativeEvent as globalThis.MouseEvent).shiftKey === true)}
      />
      <div className="row__body">
        <div className="row__line">
          <span className="row__span">{span}</span>
          <span className="row__duration">{formatMinutes(entry.duration_minutes)}</span>
          {showBilled && <span className="row__billed" title="Billed duration after rounding">bills {formatMinutes(entry.billed_minutes)}</span>}
          <span className="badge badge--activity">{activityLabel(entry.activity_type)}</span>
          <span className={`badge badge--${level}`} title={`Confidence ${Math.round(ctx.confidence * 100)}%`}>
            {level} {Math.round(ctx.confidence * 100)}%
          </span>
          {entry.needs_verification && !decided && <span className="badge badge--verify">Verify</span>}
          {entry.source === 'server' && <span className="badge badge--server">From BillOps</span>}
          {ctx.calendar !== undefined && <CalendarBadge calendar={ctx.calendar} />}
          {entry.source === 'manual' && <span className="badge">Manual</span>}
          {decided && <span className={`badge badge--${entry.status}`}>{entry.status === 'approved' ? 'Approved' : 'Rejected'}</span>}
        </div>
        <div className="row__line row__meta">
          <span>
            {projectName ? <>Project <strong>{projectName}</strong></> : <em>No project</em>}
            {clientName && <> · Client <strong>{clientName}</strong></>}
            {source && (projectName || clientName) && (
              <span className="row__why" title={ctx.suggestion_reason}>
                {' '}
                ({suggestionWhy[source]}
                {ctx.suggestion_reason ? `: ${ctx.suggestion_reason}` : ''})
              </span>
            )}
          </span>
          <span className="row__apps">{ctx.applications.join(', ') || '—'}</span>
        </div>
        <div className="row__line row__draft">
          {entry.needs_verification && !decided && ctx.reasons.length > 0 && <span className="row__reason">Why verify: {ctx.reasons.join('; ')}. </span>}
          {draft ?? <span className="muted">No narrative yet</span>}
        </div>
      </div>
    </div>
  )
})
