// The user's decisions on entries: approve, reject, reopen (undo). Each call is one transaction
// that changes the entries and enqueues or cancels their outbox items, so a decision and its
// sync intent can never disagree. The review UI and the CLI both come through here.
import { z } from 'zod'
import { ActivityType, type LocalEntry } from '../../shared/domain'
import { AppError } from '../base/appError'
import type { ReadableDB, WritableDB } from './database'
import { cancelUnsent, doneItemFor, enqueue, liveItemFor } from './outbox'
import { getEntry, saveEntry } from './entries'
import { isoSeconds } from '../../shared/isoTime'

/** Fields the user may set while deciding; absent means "keep". */
export const DecisionEdits = z
  .object({
    project_id: z.string().min(1).max(200).nullable(),
    client_id: z.string().min(1).max(200).nullable(),
    activity_type: ActivityType,
    notes: z.string().max(5000).nullable(),
  })
  .partial()
export type DecisionEdits = z.infer<typeof DecisionEdits>

export interface DecisionOptions {
  /** wall clock in ms (tests inject it) */
  now?: () => number
}

const hasEdits = (edits: DecisionEdits) => Object.values(edits).some((value) => value !== undefined)

function applyEdits(entry: LocalEntry, edits: DecisionEdits): LocalEntry {
  const next = { ...entry }
  if (edits.project_id !== undefined) next.project_id = edits.project_id
  if (edits.client_id !== undefined) next.client_id = edits.client_id
  if (edits.activity_type !== undefined) next.activity_type = edits.activity_type
  if (edits.notes !== undefined) next.notes = edits.notes
  return next
}

/** True when BillOps may already have seen this entry's decision: it can no longer change here. */
function alreadySent(db: ReadableDB, entryId: string): boolean {
  const live = liveItemFor(db, entryId)
  if (live && live.sent && live.state !== 'conflicted') return true
  return doneItemFor(db, entryId) !== null
}

function load(db: ReadableDB, id: string): LocalEntry {
  const entry = getEntry(db, id)
  if (!entry) throw new AppError('not_found', `entry ${id} does not exist`)
  return entry
}

function sentConflict(id: string): AppError {
  return new AppError('conflict', `entry ${id} was already sent to BillOps; change it there`)
}

function decide(
  db: WritableDB,
  ids: readonly string[],
  options: DecisionOptions,
  each: (entry: LocalEntry, nowIso: string) => LocalEntry | null,
): LocalEntry[] {
  const nowIso = isoSeconds((options.now ?? Date.now)())
  const run = db.transaction(() => {
    const changed: LocalEntry[] = []
    for (const id of new Set(ids)) {
      const next = each(load(db, id), nowIso)
      if (next) {
        saveEntry(db, next)
        changed.push(next)
      }
    }
    return changed
  })
  return run()
}

/** Approve entries (optionally with edits) and queue them for sync. All or nothing. */
export function approveEntries(
  db: WritableDB,
  ids: readonly string[],
  edits: DecisionEdits = {},
  options: DecisionOptions = {},
): LocalEntry[] {
  const checked = DecisionEdits.parse(edits)
  return decide(db, ids, options, (entry, nowIso) => {
    if (alreadySent(db, entry.id)) {
      if (entry.status === 'approved' && !hasEdits(checked)) return null
      throw sentConflict(entry.id)
    }
    cancelUnsent(db, entry.id, nowIso)
    enqueue(db, entry.id, entry.source === 'server' ? 'decision' : 'ingest', nowIso)
    return {
      ...applyEdits(entry, checked),
      status: 'approved',
      user_touched: true,
      sync_state: 'queued',
      sync_error: null,
      updated_at: nowIso,
    }
  })
}

/** Reject entries. Local ones never leave the machine; server ones get a `rejected` PATCH. */
export function rejectEntries(
  db: WritableDB,
  ids: readonly string[],
  edits: DecisionEdits = {},
  options: DecisionOptions = {},
): LocalEntry[] {
  const checked = DecisionEdits.parse(edits)
  return decide(db, ids, options, (entry, nowIso) => {
    if (alreadySent(db, entry.id)) {
      if (entry.status === 'rejected' && !hasEdits(checked)) return null
      throw sentConflict(entry.id)
    }
    cancelUnsent(db, entry.id, nowIso)
    const fromServer = entry.source === 'server'
    if (fromServer) enqueue(db, entry.id, 'decision', nowIso)
    return {
      ...applyEdits(entry, checked),
      status: 'rejected',
      user_touched: true,
      sync_state: fromServer ? 'queued' : 'local',
      sync_error: null,
      updated_at: nowIso,
    }
  })
}

/** Undo a decision: back to pending while it has not been sent; a conflict once it has. */
export function reopenEntries(db: WritableDB, ids: readonly string[], options: DecisionOptions = {}): LocalEntry[] {
  return decide(db, ids, options, (entry, nowIso) => {
    if (entry.status === 'pending') return null
    if (alreadySent(db, entry.id)) throw sentConflict(entry.id)
    cancelUnsent(db, entry.id, nowIso)
    return {
      ...entry,
      status: 'pending',
      // a server entry is still pending on the server, so local and server agree again
      sync_state: entry.source === 'server' ? 'synced' : 'local',
      sync_error: null,
      updated_at: nowIso,
    }
  })
}
