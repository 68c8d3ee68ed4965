// The review queue's main-side service: pages of pending entries and every action the user takes
// on them (approve, reject, edit, split, merge, undo). Each action is one transaction that also
// writes its undo record, so a crash never leaves an action half-done or un-undoable.
import { randomUUID } from 'node:crypto'
import {
  billedMinutes,
  type BillingIncrement,
  type EntryEdit,
  type PageCursor,
  type PendingPage,
  type ReviewChange,
  type ReviewEntry,
  type UndoResult,
} from '../../shared/contract/entries'
import { EntryStatus, SyncState, type LocalEntry, type Settings } from '../../shared/domain'
import { AppError } from '../base/appError'
import { type Clock } from '../base/clock'
import {
  countPendingEntries,
  deleteEntries,
  deleteEntry,
  getEntry,
  getEntryRow,
  insertEntries,
  pendingPage,
  pendingStartedBetween,
  rowToEntry,
  saveEntry,
  type EntryRow,
} from '../store/entries'
import type { WritableDB } from '../store/database'
import { createUndoJournal, type UndoRecord } from '../store/undo'
import { errorMessage } from '../../shared/errorMessage'
import { forgetAwayDecision } from '../store/awayDecisions'
import { isoSeconds } from '../../shared/isoTime'
import { inTransaction } from '../store/transaction'

/** Approve/reject/reopen as the sync engine defines them (outbox writes included). */
export interface EntryDecisions {
  approve(ids: readonly string[]): void
  reject(ids: readonly string[]): void
  /** back to pending; throws when an entry can no longer be taken back (already sent) */
  reopen(ids: readonly string[]): void
}

export interface ReviewServiceOptions {
  db: WritableDB
  clock: Clock
  settings: () => Settings
  decisions: EntryDecisions
  /** UTBMS codes and guideline violations of entries (#30; the matters feature, injected by createCore), one call per page */
  billingOf?: (ids: readonly string[]) => Map<string, NonNullable<ReviewEntry['billing']>>
}

export interface ReviewService {
  listPending(after: PageCursor | null, limit: number): PendingPage
  approve(ids: readonly string[]): ReviewChange
  reject(ids: readonly string[]): ReviewChange
  update(id: string, changes: EntryEdit): ReviewChange
  split(id: string, at: string): ReviewChange
  merge(ids: readonly string[]): ReviewChange
  undo(): UndoResult
  /** records an action done elsewhere (the away prompt) in the same undo journal */
  record(record: UndoRecord): void
  toReview(entry: LocalEntry): ReviewEntry
  /** entries by id, in the shape the renderer shows */
  reviewEntries(ids: readonly string[]): ReviewEntry[]
}

const MINUTE_MS = 60_000

export const normalizeIso = (iso: string): string => isoSeconds(Date.parse(iso))

export const minutesBetween = (startIso: string, endIso: string): number =>
  Math.round(((Date.parse(endIso) - Date.parse(startIso)) / MINUTE_MS) * 100) / 100

export function createReviewService(options: ReviewServiceOptions): ReviewService {
  const { db, clock, decisions } = options
  const nowIso = () => isoSeconds(clock.now())
  const journal = createUndoJournal(db, nowIso)
  function toReview(entry: LocalEntry, billing = billingOf([entry])): ReviewEntry {
    const settings = options.settings()
    const annotation = billing.get(entry.id)
    return {
      ...entry,
      billed_minutes: billedMinutes(entry.duration_minutes, settings.billing_increment_minutes as BillingIncrement),
      needs_verification: entry.context_data.confidence < settings.verify_confidence_threshold,
      ...(annotation ? { billing: annotation } : {}),
    }
  }

  /** Pending entries' codes and guideline violations, read for a whole page at once. */
  function billingOf(entries: readonly LocalEntry[]): Map<string, NonNullable<ReviewEntry['billing']>> {
    const pending = entries.filter((e) => e.status === 'pending').map((e) => e.id)
    return options.billingOf && pending.length > 0 ? options.billingOf(pending) : new Map()
  }

  function toReviewAll(entries: readonly LocalEntry[]): ReviewEntry[] {
    const billing = billingOf(entries)
    return entries.map((entry) => toReview(entry, billing))
  }

  function reviewEntries(ids: readonly string[]): ReviewEntry[] {
    const entries: LocalEntry[] = []
    for (const id of ids) {
      const row = getEntryRow(db, id)
      if (row) entries.push(rowToEntry(row))
    }
    return toReviewAll(entries)
  }

  function pendingEntry(id: string): { entry: LocalEntry; row: EntryRow } {
    const row = getEntryRow(db, id)
    if (!row) throw new AppError('not_found', `entry ${id} no longer exists (the queue may have changed; refresh)`)
    const entry = rowToEntry(row)
    if (entry.status !== 'pending') throw new AppError('conflict', `entry ${id} is already ${entry.status}`)
    return { entry, row }
  }

  function touched(entry: LocalEntry, changes: Partial<LocalEntry>): LocalEntry {
    const next = { ...entry, ...changes, user_touched: true, updated_at: nowIso() }
    next.duration_minutes = minutesBetween(next.started_at, next.ended_at)
    return next
  }

  function assertSpan(startedAt: string, endedAt: string): void {
    if (Date.parse(endedAt) <= Date.parse(startedAt)) {
      throw new AppError('invalid_input', 'the end must be after the start')
    }
  }

  function decide(ids: readonly string[], verb: 'approve' | 'reject'): ReviewChange {
    const unique = [...new Set(ids)]
    return inTransaction(db, () => {
      const pending = unique.filter((id) => getEntryRow(db, id)?.status === 'pending')
      if (pending.length === 0) {
        throw new AppError(
          'conflict',
          unique.length === 1 ? 'that entry was already decided' : 'those entries were already decided',
        )
      }
      decisions[verb](pending)
      const noun = verb === 'approve' ? 'Approved' : 'Rejected'
      const label = `${noun} ${pending.length} ${pending.length === 1 ? 'entry' : 'entries'}`
      journal.push({ label, beforeRows: [], createdIds: [], decidedIds: pending, awayKey: null })
      const decided = pending.map((id) => {
        const row = getEntryRow(db, id)!
        return { id, status: EntryStatus.parse(row.status), sync_state: SyncState.parse(row.sync_state) }
      })
      return { label, entries: [], removed_ids: [], decided }
    })
  }

  return {
    toReview,
    reviewEntries,
    record: (record) => journal.push(record),

    listPending(after, limit) {
      const increment = options.settings().billing_increment_minutes as BillingIncrement
      return inTransaction(db, (): PendingPage => {
        const rows = pendingPage(db, after, limit)
        const last = rows.at(-1)
        return {
          total: countPendingEntries(db),
          entries: toReviewAll(rows.map(rowToEntry)),
          next: rows.length === limit && last ? { started_at: last.started_at, id: last.id } : null,
          billing_increment_minutes: increment,
        }
      })
    },

    approve: (ids) => decide(ids, 'approve'),
    reject: (ids) => decide(ids, 'reject'),

    update(id, changes) {
      return inTransaction(db, () => {
        const { entry, row } = pendingEntry(id)
        // One timestamp format in the table (whole seconds, `Z`), so string order is time order.
        const next = touched(entry, {
          ...changes,
          ...(changes.started_at ? { started_at: normalizeIso(changes.started_at) } : {}),
          ...(changes.ended_at ? { ended_at: normalizeIso(changes.ended_at) } : {}),
        })
        assertSpan(next.started_at, next.ended_at)
        saveEntry(db, next)
        journal.push({ label: 'Edited entry', beforeRows: [row], createdIds: [], decidedIds: [], awayKey: null })
        return { label: 'Edited entry', entries: [toReview(next)], removed_ids: [] }
      })
    },

    split(id, rawAt) {
      const at = normalizeIso(rawAt)
      return inTransaction(db, () => {
        const { entry, row } = pendingEntry(id)
        const atMs = Date.parse(at)
        if (!(atMs > Date.parse(entry.started_at) && atMs < Date.parse(entry.ended_at))) {
          throw new AppError('invalid_input', 'the split time must fall inside the entry')
        }
        const first = touched(entry, { ended_at: at })
        const second = touched(entry, {
          id: randomUUID(),
          started_at: at,
          created_at: nowIso(),
          server_ids: [],
          source: entry.source === 'server' ? 'manual' : entry.source,
        })
        saveEntry(db, first)
        insertEntries(db, [second])
        journal.push({
          label: 'Split entry',
          beforeRows: [row],
          createdIds: [second.id],
          decidedIds: [],
          awayKey: null,
        })
        return { label: 'Split entry', entries: [toReview(first), toReview(second)], removed_ids: [] }
      })
    },

    merge(ids) {
      return inTransaction(db, () => {
        const parts = [...new Set(ids)].map((id) => pendingEntry(id))
        if (parts.length < 2) throw new AppError('invalid_input', 'pick at least two entries to merge')
        parts.sort((a, b) => a.entry.started_at.localeCompare(b.entry.started_at))
        for (let i = 1; i < parts.length; i++) {
          const before = parts[i - 1]!.entry
          const after = parts[i]!.entry
          if (pendingStartedBetween(db, before, after) > 0) {
            throw new AppError('invalid_input', 'only adjacent entries can be merged (another entry lies between them)')
          }
        }
        const entries = parts.map((p) => p.entry)
        // A merged-away entry is deleted here; one that came from the BillOps server would stay
        // pending there with no decision ever sent. Decide server entries one by one instead.
        if (entries.some((e) => e.source === 'server')) {
          throw new AppError(
            'invalid_input',
            'entries from the BillOps server cannot be merged: approve, edit or reject them one by one',
          )
        }
        const keeper = entries[0]!
        const endedAt = entries.reduce((end, e) => (e.ended_at > end ? e.ended_at : end), keeper.ended_at)
        const weight = (e: LocalEntry) => Math.max(e.duration_minutes, 0.01)
        const totalWeight = entries.reduce((sum, e) => sum + weight(e), 0)
        const notes = [...new Set(entries.map((e) => e.notes?.trim()).filter((n): n is string => Boolean(n)))]
        const merged = touched(keeper, {
          ended_at: endedAt,
          project_id: entries.find((e) => e.project_id)?.project_id ?? null,
          client_id: entries.find((e) => e.client_id)?.client_id ?? null,
          notes: notes.length ? notes.join('; ') : null,
          context_data: {
            ...keeper.context_data,
            // A duration-weighted mean: a long confident block is not dragged down by a short blip.
            confidence:
              Math.round(
                (entries.reduce((sum, e) => sum + e.context_data.confidence * weight(e), 0) / totalWeight) * 100,
              ) / 100,
            applications: [...new Set(entries.flatMap((e) => e.context_data.applications))],
            reasons: [
              ...new Set([...entries.flatMap((e) => e.context_data.reasons), `merged from ${entries.length} entries`]),
            ],
          },
        })
        saveEntry(db, merged)
        const removed = entries.slice(1).map((e) => e.id)
        deleteEntries(db, removed)
        const label = `Merged ${entries.length} entries`
        journal.push({ label, beforeRows: parts.map((p) => p.row), createdIds: [], decidedIds: [], awayKey: null })
        return { label, entries: [toReview(merged)], removed_ids: removed }
      })
    },

    undo() {
      return inTransaction(db, (): UndoResult => {
        const record = journal.pop()
        if (!record) return { undone: null, label: 'Nothing to undo', entries: [], removed_ids: [] }
        if (record.decidedIds.length) {
          try {
            decisions.reopen(record.decidedIds)
          } catch (error) {
            throw new AppError('conflict', `cannot undo "${record.label}": ${errorMessage(error)}`)
          }
        }
        const removed: string[] = []
        for (const id of record.createdIds) {
          if (deleteEntry(db, id)) removed.push(id)
        }
        const restored: string[] = []
        for (const row of record.beforeRows) {
          const entry = rowToEntry(row)
          if (getEntry(db, entry.id)) saveEntry(db, entry)
          else insertEntries(db, [entry])
          restored.push(entry.id)
        }
        if (record.awayKey) {
          const [startedAt, endedAt] = record.awayKey.split('|')
          forgetAwayDecision(db, startedAt, endedAt)
        }
        const changedIds = [...new Set([...record.decidedIds, ...restored])]
        return {
          undone: record.label,
          label: `Undid: ${record.label}`,
          entries: reviewEntries(changedIds),
          removed_ids: removed,
        }
      })
    },
  }
}
