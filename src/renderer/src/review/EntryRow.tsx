// One suggested entry in the queue: when, how long (and billed), which apps, what kind of work,
// how sure the suggestion is (and why to verify), the proposed project/client and why, the draft.
// A row of the queue grid (see ReviewView): focusable only while it is the cursor (roving
// tabindex), named for screen readers by entryRowName, its checkbox in a cell of its own.
import { memo, useEffect, useRef, type MouseEvent } from 'react'
import type { ReviewEntry } from '../../../shared/contract/entries'
import { activityLabel, formatMinutes } from '../format'
import { CalendarBadge } from '../calendar/CalendarBadge'
import { confidenceLevel, entryRowName, entrySpan } from './rowName'

export const ENTRY_ROW_HEIGHT = 78
export const DAY_ROW_HEIGHT = 40
/** the UTBMS / guideline line (#30) a row has when there is something to show */
export const BILLING_LINE_HEIGHT = 22

export const hasBillingLine = (entry: ReviewEntry): boolean => {
  const billing = entry.billing
  if (!billing || entry.status !== 'pending') return false
  return (
    billing.activity_code !== null ||
    billing.task_code !== null ||
    billing.task_code_missing ||
    billing.violations.length > 0
  )
}

interface EntryRowProps {
  entry: ReviewEntry
  isCursor: boolean
  /** 1-based position among the grid's rows (day rows included), for aria-rowindex */
  rowIndex: number
  /** whether the cursor row should take the focus when it becomes the cursor (see ReviewView) */
  shouldTakeFocus(): boolean
  isSelected: boolean
  projectName: string | null
  clientName: string | null
  showBilled: boolean
  onPick(id: string, event: MouseEvent): void
  onToggle(id: string, shift: boolean): void
}

const suggestionWhy = { rule: 'by rule', matter: 'matter', learned: 'learned', default: 'default' } as const

export const EntryRow = memo(function EntryRow({
  entry,
  isCursor,
  rowIndex,
  shouldTakeFocus,
  isSelected,
  projectName,
  clientName,
  showBilled,
  onPick,
  onToggle,
}: EntryRowProps) {
  const ctx = entry.context_data
  const span = entrySpan(entry)
  const ref = useRef<HTMLDivElement>(null)
  // Roving focus: the focus follows the cursor (j/k, clicks, the timeline), also onto a row the
  // virtual list draws only after scrolling to it.
  useEffect(() => {
    if (isCursor && shouldTakeFocus()) ref.current?.focus({ preventScroll: true })
  }, [isCursor, shouldTakeFocus])
  const level = confidenceLevel(ctx.confidence)
  const decided = entry.status !== 'pending'
  const source = ctx.suggestion_source
  const draft = entry.notes ?? ctx.narrative ?? null
  return (
    <div
      ref={ref}
      id={`entry-${entry.id}`}
      role="row"
      tabIndex={isCursor ? 0 : -1}
      aria-rowindex={rowIndex}
      aria-selected={decided ? undefined : isSelected}
      aria-current={isCursor ? 'true' : undefined}
      aria-label={entryRowName(entry, { projectName, clientName, showBilled })}
      data-testid="queue-row"
      data-entry-id={entry.id}
      data-status={entry.status}
      className={['row', isCursor && 'row--cursor', isSelected && 'row--selected', decided && `row--${entry.status}`]
        .filter(Boolean)
        .join(' ')}
      onClick={(e) => onPick(entry.id, e)}
    >
      <div role="gridcell" className="row__check">
        {/* for the mouse: the keyboard selects with x / Space on the row */}
        <input
          type="checkbox"
          tabIndex={-1}
          aria-label={`Select ${span}`}
          checked={isSelected}
          disabled={decided}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) => onToggle(entry.id, (e.nativeEvent as globalThis.MouseEvent).shiftKey === true)}
        />
      </div>
      <div role="gridcell" className="row__body">
        <div className="row__line">
          <span className="row__span">{span}</span>
          <span className="row__duration">{formatMinutes(entry.duration_minutes)}</span>
          {showBilled && (
            <span className="row__billed" title="Billed duration after rounding">
              bills {formatMinutes(entry.billed_minutes)}
            </span>
          )}
          <span className="badge badge--activity">{activityLabel(entry.activity_type)}</span>
          <span className={`badge badge--${level}`} title={`Confidence ${Math.round(ctx.confidence * 100)}%`}>
            {level} {Math.round(ctx.confidence * 100)}%
          </span>
          {entry.needs_verification && !decided && <span className="badge badge--verify">Verify</span>}
          {entry.source === 'server' && <span className="badge badge--server">From BillOps</span>}
          {ctx.calendar !== undefined && <CalendarBadge calendar={ctx.calendar} />}
          {entry.source === 'manual' && <span className="badge">Manual</span>}
          {decided && (
            <span className={`badge badge--${entry.status}`}>
              {entry.status === 'approved' ? 'Approved' : 'Rejected'}
            </span>
          )}
        </div>
        <div className="row__line row__meta">
          <span>
            {projectName ? (
              <>
                Project <strong>{projectName}</strong>
              </>
            ) : (
              <em>No project</em>
            )}
            {clientName && (
              <>
                {' '}
                · Client <strong>{clientName}</strong>
              </>
            )}
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
        {entry.billing && hasBillingLine(entry) && <BillingLine billing={entry.billing} />}
        <div className="row__line row__draft">
          {entry.needs_verification && !decided && ctx.reasons.length > 0 && (
            <span className="row__reason">Why verify: {ctx.reasons.join('; ')}. </span>
          )}
          {draft ?? <span className="muted">No narrative yet</span>}
        </div>
      </div>
    </div>
  )
})

/** UTBMS codes (chosen or suggested, with why) and the client's billing guidelines this entry breaks (#30). */
function BillingLine({ billing }: { billing: NonNullable<ReviewEntry['billing']> }) {
  const activity =
    billing.activity_code === null
      ? null
      : billing.activity_source === 'suggested'
        ? `${billing.activity_code} (suggested: ${billing.activity_reason ?? ''})`
        : billing.activity_code
  return (
    <div className="row__line row__billing" data-testid="row-billing">
      <span>
        UTBMS {billing.task_code ?? (billing.task_code_missing ? <strong>task code required</strong> : 'no task code')}{' '}
        · {activity ?? 'no activity code'}
      </span>
      {billing.violations.map((v) => (
        <span key={v.code} className="badge badge--guideline" data-testid="guideline-violation" data-code={v.code}>
          {v.code}: {v.message}
        </span>
      ))}
    </div>
  )
}
