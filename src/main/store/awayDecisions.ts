// The away prompt's answers (migration 0005): one decision per absence, keyed by its span.
import type { ReadableDB, WritableDB } from './database'
import { prepared } from './prepared'

export function awayDecision(db: ReadableDB, startedAt: string, endedAt: string): string | undefined {
  return prepared<[string, string], { decision: string }>(
    db,
    'SELECT decision FROM away_decisions WHERE started_at = ? AND ended_at = ?',
  ).get(startedAt, endedAt)?.decision
}

export function recordAwayDecision(
  db: WritableDB,
  startedAt: string,
  endedAt: string,
  decision: string,
  decidedAt: string,
): void {
  prepared(
    db,
    'INSERT OR REPLACE INTO away_decisions (started_at, ended_at, decision, decided_at) VALUES (?, ?, ?, ?)',
  ).run(startedAt, endedAt, decision, decidedAt)
}

/** Undo of an away decision: the absence is asked about again. */
export function forgetAwayDecision(db: WritableDB, startedAt: string, endedAt: string): void {
  prepared(db, 'DELETE FROM away_decisions WHERE started_at = ? AND ended_at = ?').run(startedAt, endedAt)
}
