// The durable outbox: plain functions over the `outbox` table. An item survives crashes; the
// engine moves it forward one durable step at a time (sent → task_id → server_ids → done).
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'

export const OutboxKind = z.enum(['ingest', 'decision'])
export type OutboxKind = z.infer<typeof OutboxKind>
export const OutboxState = z.enum(['queued', 'done', 'failed', 'conflicted', 'cancelled'])
export type OutboxState = z.infer<typeof OutboxState>

export interface OutboxItem {
  id: number
  entry_id: string
  kind: OutboxKind
  state: OutboxState
  idempotency_key: string
  /** a mutating request may have reached the server */
  sent: boolean
  task_id: string | null
  /** epoch ms when task_id was stored (to notice tasks the server forgot) */
  task_recorded_at: number | null
  server_ids: string[]
  attempts: number
  next_attempt_at: number
  last_error: string | null
}

interface OutboxRow {
  id: number
  entry_id: string
  kind: string
  state: string
  idempotency_key: string
  sent: number
  task_id: string | null
  task_recorded_at: number | null
  server_ids: string
  attempts: number
  next_attempt_at: number
  last_error: string | null
}

const rowToItem = (row: OutboxRow): OutboxItem => ({
  ...row,
  kind: OutboxKind.parse(row.kind),
  state: OutboxState.parse(row.state),
  sent: row.sent === 1,
  server_ids: z.array(z.string()).parse(JSON.parse(row.server_ids)),
})

const LIVE = "('queued', 'failed', 'conflicted')"

/** The item that still matters for an entry (queued, failed or conflicted), if any. */
export function liveItemFor(db: ReadableDB, entryId: string): OutboxItem | null {
  const row = prepared<[string], OutboxRow>(db, `SELECT * FROM outbox WHERE entry_id = ? AND state IN ${LIVE}`).get(
    entryId,
  )
  return row ? rowToItem(row) : null
}

/** The last item that completed for an entry. */
export function doneItemFor(db: ReadableDB, entryId: string): OutboxItem | null {
  const row = prepared<[string], OutboxRow>(
    db,
    "SELECT * FROM outbox WHERE entry_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1",
  ).get(entryId)
  return row ? rowToItem(row) : null
}

export function getItem(db: ReadableDB, id: number): OutboxItem | null {
  const row = prepared<[number], OutboxRow>(db, 'SELECT * FROM outbox WHERE id = ?').get(id)
  return row ? rowToItem(row) : null
}

export function enqueue(db: WritableDB, entryId: string, kind: OutboxKind, nowIso: string): OutboxItem {
  const info = prepared(
    db,
    `INSERT INTO outbox (entry_id, kind, state, idempotency_key, created_at, updated_at)
       VALUES (?, ?, 'queued', ?, ?, ?)`,
  ).run(entryId, kind, randomUUID(), nowIso, nowIso)
  return getItem(db, Number(info.lastInsertRowid)) as OutboxItem
}

/**
 * Cancels a live item that was never sent (or whose target vanished: conflicted); returns false
 * when it may have reached the server (then it cannot be cancelled).
 */
export function cancelUnsent(db: WritableDB, entryId: string, nowIso: string): boolean {
  const item = liveItemFor(db, entryId)
  if (!item) return true
  if (item.sent && item.state !== 'conflicted') return false
  prepared(db, "UPDATE outbox SET state = 'cancelled', updated_at = ? WHERE id = ?").run(nowIso, item.id)
  return true
}

/** Queued items whose backoff has elapsed, oldest first. */
export function dueItems(db: ReadableDB, nowMs: number, limit = 10_000): OutboxItem[] {
  return prepared<[number, number], OutboxRow>(
    db,
    "SELECT * FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
  )
    .all(nowMs, limit)
    .map(rowToItem)
}

/** When the next queued item becomes due, or null when nothing is queued. */
export function nextDueAt(db: ReadableDB): number | null {
  const row = prepared<[], { t: number | null }>(
    db,
    "SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'queued'",
  ).get()
  return row?.t ?? null
}

export type OutboxPatch = Partial<
  Pick<
    OutboxItem,
    | 'state'
    | 'sent'
    | 'task_id'
    | 'task_recorded_at'
    | 'server_ids'
    | 'attempts'
    | 'next_attempt_at'
    | 'last_error'
    | 'idempotency_key'
  >
>

export function updateItem(db: WritableDB, id: number, patch: OutboxPatch, nowIso: string): void {
  const sets: string[] = ['updated_at = @updated_at']
  const params: Record<string, string | number | null> = { id, updated_at: nowIso }
  for (const [key, value] of Object.entries(patch)) {
    sets.push(`${key} = @${key}`)
    params[key] =
      key === 'server_ids'
        ? JSON.stringify(value)
        : typeof value === 'boolean'
          ? value
            ? 1
            : 0
          : (value as string | number | null)
  }
  prepared(db, `UPDATE outbox SET ${sets.join(', ')} WHERE id = @id`).run(params)
}

export interface OutboxCounts {
  queued: number
  done: number
  failed: number
  conflicted: number
}

export function outboxCounts(db: ReadableDB): OutboxCounts {
  const counts: OutboxCounts = { queued: 0, done: 0, failed: 0, conflicted: 0 }
  const rows = prepared<[], { state: string; n: number }>(
    db,
    'SELECT state, count(*) AS n FROM outbox GROUP BY state',
  ).all()
  for (const row of rows) if (row.state in counts) counts[row.state as keyof OutboxCounts] = row.n
  return counts
}

/** Every server id any outbox item has created or adopted (never re-imported as review items). */
export function knownServerIds(db: ReadableDB): Set<string> {
  const ids = new Set<string>()
  for (const row of prepared<[], { server_ids: string }>(
    db,
    "SELECT server_ids FROM outbox WHERE server_ids != '[]'",
  ).all()) {
    for (const id of JSON.parse(row.server_ids) as string[]) ids.add(id)
  }
  return ids
}

export interface SentSpan {
  started_at: string
  ended_at: string
  state: OutboxState
}

/**
 * The spans of ingest items that may have reached the server and still count (queued, done or
 * failed): entries BillOps created for them are ours, not new suggestions.
 */
export function sentIngestSpans(db: ReadableDB): SentSpan[] {
  return prepared<[], { started_at: string; ended_at: string; state: string }>(
    db,
    `SELECT e.started_at, e.ended_at, o.state FROM outbox o JOIN entries e ON e.id = o.entry_id
     WHERE o.kind = 'ingest' AND o.sent = 1 AND o.state IN ('queued', 'done', 'failed')`,
  )
    .all()
    .map((row) => ({ ...row, state: OutboxState.parse(row.state) }))
}

/** The most recent error of an item still waiting or failed: what a pass reports to the user. */
export function latestOpenError(db: ReadableDB): string | null {
  const row = prepared<[], { last_error: string }>(
    db,
    "SELECT last_error FROM outbox WHERE state IN ('queued', 'failed') AND last_error IS NOT NULL ORDER BY updated_at DESC LIMIT 1",
  ).get()
  return row?.last_error ?? null
}

/** Queues every failed item again; returns their entry ids. */
export function requeueFailed(db: WritableDB, nowIso: string): string[] {
  const ids = prepared<[], { entry_id: string }>(db, "SELECT entry_id FROM outbox WHERE state = 'failed'").all()
  // 'sent' stays: an item that may have reached the server still looks before it resends
  prepared(
    db,
    "UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = 0, updated_at = ? WHERE state = 'failed'",
  ).run(nowIso)
  return ids.map((row) => row.entry_id)
}

export interface UnresolvedItem {
  entry_id: string
  state: 'failed' | 'conflicted'
  last_error: string | null
}

/** Items that need the user (failed or conflicted), oldest first. */
export function unresolvedItems(db: ReadableDB, limit: number): UnresolvedItem[] {
  return prepared<[number], UnresolvedItem>(
    db,
    "SELECT entry_id, state, last_error FROM outbox WHERE state IN ('failed', 'conflicted') ORDER BY id LIMIT ?",
  ).all(limit)
}
