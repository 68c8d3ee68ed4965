// Just over 350 lines on purpose: the grid, its toolbar and its shortcuts share one cursor and selection.
// The review queue: a virtualized grid of pending entries grouped by day (newest first), a
// toolbar for mouse users, and keyboard shortcuts for everything. Grid → rows → cells, with a
// roving tabindex: the cursor row is the queue's one tab stop and takes the focus as the cursor
// moves, so a screen reader announces each row's name (rowName.ts).
import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react'
import { ViewHeading } from '../components/ViewHeading'
import { formatDayHeading, formatMinutes } from '../format'
import { useAwayStore } from '../state/awayStore'
import { clientName, projectName, useProjectsStore } from '../state/projectsStore'
import { useReviewStore } from '../state/reviewStore'
import { EditDialog } from '../components/EditDialog'
import { CodesDialog } from './CodesDialog'
import { ViolationsDialog, withViolations } from './ViolationsDialog'
import { BILLING_LINE_HEIGHT, DAY_ROW_HEIGHT, ENTRY_ROW_HEIGHT, EntryRow, hasBillingLine } from './EntryRow'
import { HelpOverlay } from './HelpOverlay'
import { shortcutFor } from './keymap'
import { buildRows } from './rows'
import { SplitDialog } from './SplitDialog'

type Modal =
  | { kind: 'edit'; id: string; focus: 'project' | 'activity' }
  | { kind: 'split'; id: string }
  | { kind: 'codes'; ids: string[] }
  | { kind: 'violations'; ids: string[] }
  | { kind: 'help' }
  | null

/** Keys typed into a field are text, not shortcuts (a focused checkbox still takes shortcuts). */
const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    target.tagName === 'TEXTAREA' ||
    target.tagName === 'SELECT' ||
    (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type)))

export function ReviewView() {
  const phase = useReviewStore((s) => s.phase)
  const error = useReviewStore((s) => s.error)
  const order = useReviewStore((s) => s.order)
  const byId = useReviewStore((s) => s.byId)
  const cursor = useReviewStore((s) => s.cursor)
  const selected = useReviewStore((s) => s.selected)
  const busy = useReviewStore((s) => s.busy)
  const notice = useReviewStore((s) => s.notice)
  const loadedAll = useReviewStore((s) => s.loadedAll)
  const billingIncrement = useReviewStore((s) => s.billingIncrement)
  const projects = useProjectsStore((s) => s.projects)
  const clients = useProjectsStore((s) => s.clients)
  const [modal, setModal] = useState<Modal>(null)
  const listRef = useRef<HTMLDivElement>(null)

  const rows = useMemo(() => buildRows(order, byId), [order, byId])
  const rowIndexById = useMemo(() => {
    const map = new Map<string, number>()
    rows.forEach((row, i) => row.kind === 'entry' && map.set(row.id, i))
    return map
  }, [rows])
  const pendingCount = useMemo(
    () => order.reduce((n, id) => n + (byId[id]?.status === 'pending' ? 1 : 0), 0),
    [order, byId],
  )

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => listRef.current,
    estimateSize: (i) => {
      const row = rows[i]
      if (row?.kind !== 'entry') return DAY_ROW_HEIGHT
      const entry = byId[row.id]
      return ENTRY_ROW_HEIGHT + (entry && hasBillingLine(entry) ? BILLING_LINE_HEIGHT : 0)
    },
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 6,
  })

  // Performance marks for the benchmarks (bench/review.bench.ts): set in the frame that paints.
  const drawn = virtualizer.getVirtualItems().length
  useEffect(() => {
    if (drawn > 0 && performance.getEntriesByName('review:first-rows').length === 0) {
      requestAnimationFrame(() => performance.mark('review:first-rows'))
    }
  }, [drawn])
  useEffect(() => {
    if (notice) requestAnimationFrame(() => performance.mark('review:notice-shown', { detail: notice.text }))
  }, [notice])

  // Keep the keyboard cursor on screen.
  useEffect(() => {
    const index = cursor ? rowIndexById.get(cursor) : undefined
    if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'auto' })
  }, [cursor, rowIndexById, virtualizer])

  const store = useReviewStore
  const openFor = useCallback(
    (kind: 'edit' | 'split', focus: 'project' | 'activity' = 'project') => {
      const { cursor: id, byId: entries, notify } = store.getState()
      if (!id || entries[id]?.status !== 'pending') return notify('Move to a pending entry first.', 'error')
      setModal(kind === 'edit' ? { kind, id, focus } : { kind, id })
    },
    [store],
  )

  const openCodes = useCallback(() => {
    const { targets, byId: entries, notify } = store.getState()
    const ids = targets().filter((id) => entries[id]?.status === 'pending')
    if (ids.length === 0) return notify('Move to a pending entry first.', 'error')
    setModal({ kind: 'codes', ids })
  }, [store])

  const approve = useCallback(() => {
    const { targets, byId: entries } = store.getState()
    const ids = targets()
    const broken = withViolations(ids.flatMap((id) => (entries[id]?.status === 'pending' ? [entries[id]] : [])))
    if (broken.length === 0) return void store.getState().approve(ids)
    setModal({ kind: 'violations', ids })
  }, [store])

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (modal || useAwayStore.getState().period || isTyping(event.target)) return
      const shortcut = shortcutFor(event)
      if (!shortcut) return
      shortcut.run(
        { review: store.getState(), openFor, openHelp: () => setModal({ kind: 'help' }), openCodes, approve },
        event.key,
      )
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [modal, openFor, openCodes, approve, store])

  const onPick = useCallback(
    (id: string, event: MouseEvent) => {
      const s = store.getState()
      if (event.shiftKey) s.selectRange(id)
      else if (event.ctrlKey || event.metaKey) {
        s.setCursor(id)
        s.toggle(id)
      } else s.setCursor(id)
    },
    [store],
  )
  const onToggle = useCallback(
    (id: string, shift: boolean) => {
      const s = store.getState()
      if (shift) s.selectRange(id)
      else {
        s.setCursor(id)
        s.toggle(id)
      }
    },
    [store],
  )

  // The cursor row takes the focus when the focus is in the queue already, or nowhere (page
  // load, a closed dialog whose opener row is gone); never away from a dialog or the toolbar.
  const shouldTakeFocus = useCallback(() => {
    const active = document.activeElement
    return !active || active === document.body || Boolean(listRef.current?.contains(active))
  }, [])
  useEffect(() => {
    if (modal) return
    const { cursor: id } = store.getState()
    if (id && shouldTakeFocus()) document.getElementById(`entry-${id}`)?.focus({ preventScroll: true })
  }, [modal, shouldTakeFocus, store])

  const modalEntry = modal && (modal.kind === 'edit' || modal.kind === 'split') ? byId[modal.id] : undefined
  const selectedCount = selected.size

  if (phase === 'idle' || phase === 'loading') {
    return (
      <div className="review review--state" role="status" aria-busy="true" data-testid="queue-loading">
        Loading the review queue…
      </div>
    )
  }
  if (phase === 'error') {
    return (
      <div className="review review--state" role="alert" data-testid="queue-error">
        <p>{error}</p>
        <button type="button" onClick={() => void store.getState().load()}>
          Try again
        </button>
      </div>
    )
  }

  const virtualItems = virtualizer.getVirtualItems()
  // With the cursor row scrolled out of the drawn window, the grid itself is the tab stop.
  const cursorDrawn = virtualItems.some((item) => rows[item.index]?.key === cursor)
  return (
    <div className="review">
      <ViewHeading visuallyHidden>Review queue</ViewHeading>
      <div className="toolbar" role="toolbar" aria-label="Review actions">
        <span className="toolbar__count" data-testid="queue-count">
          {pendingCount} pending{!loadedAll && ' (loading more…)'}
          {selectedCount > 0 && <strong data-testid="selection-count"> · {selectedCount} selected</strong>}
        </span>
        <button type="button" disabled={busy} onClick={approve} aria-keyshortcuts="a">
          Approve
        </button>
        <button type="button" disabled={busy} onClick={() => void store.getState().reject()} aria-keyshortcuts="r">
          Reject
        </button>
        <button type="button" disabled={busy} onClick={() => openFor('edit')} aria-keyshortcuts="e">
          Edit
        </button>
        <button type="button" disabled={busy} onClick={() => openFor('split')} aria-keyshortcuts="s">
          Split
        </button>
        <button type="button" disabled={busy} onClick={() => void store.getState().merge()} aria-keyshortcuts="m">
          Merge
        </button>
        <button type="button" disabled={busy} onClick={() => void store.getState().undo()} aria-keyshortcuts="u">
          Undo
        </button>
        <button
          type="button"
          onClick={() => void store.getState().load()}
          title="Reload the queue (drops decided rows)"
        >
          Refresh
        </button>
        <button
          type="button"
          onClick={() => setModal({ kind: 'help' })}
          aria-keyshortcuts="?"
          aria-label="Keyboard shortcuts"
        >
          ?
        </button>
        {notice && (
          <span
            key={notice.id}
            className={`toolbar__notice toolbar__notice--${notice.kind}`}
            role={notice.kind === 'error' ? 'alert' : 'status'}
            data-testid="notice"
          >
            {notice.text}
          </span>
        )}
      </div>

      {rows.length === 0 ? (
        <div className="review--state" data-testid="queue-empty">
          <p className="empty">Nothing to review. New suggestions appear here as you work.</p>
        </div>
      ) : (
        <div
          ref={listRef}
          className="queue"
          role="grid"
          aria-label="Entries awaiting review"
          aria-multiselectable="true"
          aria-rowcount={loadedAll ? rows.length : -1}
          tabIndex={cursorDrawn ? -1 : 0}
          data-testid="queue"
        >
          <div className="queue__inner" style={{ height: virtualizer.getTotalSize() }}>
            {virtualItems.map((item) => {
              const row = rows[item.index]!
              return (
                <div
                  key={item.key}
                  className="queue__item"
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                >
                  {row.kind === 'day' ? (
                    <div className="day" role="row" aria-rowindex={item.index + 1} data-testid="day-heading">
                      <div role="gridcell" className="day__check">
                        <input
                          type="checkbox"
                          tabIndex={-1}
                          aria-label={`Select all pending entries of ${formatDayHeading(row.day)}`}
                          checked={
                            row.pending > 0 && row.ids.every((id) => byId[id]?.status !== 'pending' || selected.has(id))
                          }
                          disabled={row.pending === 0}
                          onChange={(e) => store.getState().setSelection(row.ids, e.target.checked)}
                          data-testid="select-day"
                        />
                      </div>
                      <div role="gridcell" className="day__cell">
                        <h3 className="day__title">{formatDayHeading(row.day)}</h3>
                        <span className="day__sum">
                          {row.pending} pending · {formatMinutes(row.minutes)}
                          {billingIncrement > 0 && ` · bills ${formatMinutes(row.billed)}`}
                        </span>
                      </div>
                    </div>
                  ) : (
                    <EntryRow
                      entry={byId[row.id]!}
                      isCursor={row.id === cursor}
                      rowIndex={item.index + 1}
                      shouldTakeFocus={shouldTakeFocus}
                      isSelected={selected.has(row.id)}
                      projectName={projectName(projects, byId[row.id]!.project_id)}
                      clientName={clientName(clients, byId[row.id]!.client_id)}
                      showBilled={billingIncrement > 0}
                      onPick={onPick}
                      onToggle={onToggle}
                    />
                  )}
                </div>
              )
            })}
          </div>
        </div>
      )}

      {modal?.kind === 'help' && <HelpOverlay onClose={() => setModal(null)} />}
      {modal?.kind === 'edit' && modalEntry && (
        <EditDialog
          entry={modalEntry}
          focus={modal.focus}
          onSave={(changes) => store.getState().update(modalEntry.id, changes)}
          onSaveCodes={(codes) => store.getState().setCodes([modalEntry.id], codes)}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'codes' && (
        <CodesDialog
          entries={modal.ids.flatMap((id) => (byId[id] ? [byId[id]] : []))}
          onSave={(codes) => store.getState().setCodes(modal.ids, codes)}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'violations' && (
        <ViolationsDialog
          entries={withViolations(modal.ids.flatMap((id) => (byId[id] ? [byId[id]] : [])))}
          total={modal.ids.length}
          onApprove={() => {
            setModal(null)
            void store.getState().approve(modal.ids)
          }}
          onClose={() => setModal(null)}
        />
      )}
      {modal?.kind === 'split' && modalEntry && (
        <SplitDialog
          entry={modalEntry}
          onSplit={(at) => store.getState().split(modalEntry.id, at)}
          onClose={() => setModal(null)}
        />
      )}
    </div>
  )
}
