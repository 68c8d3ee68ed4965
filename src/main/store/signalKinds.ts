// Signal types as stored (`kind`): the registry's codes (src/shared/signalRegistry.ts). The
// primary key (ts, kind, app) sorts by them, so reading a range in key order is reading it in
// time order. Since migration 0015 the names live in the `signal_kinds` table, filled from the
// registry whenever a database opens (`registerSignalKinds`): a new type needs no migration, and
// a build that does not know a type still reads its name from the file.
import type { SignalType, SourceType } from '../../shared/domain'
import { SIGNAL_REGISTRY, SIGNAL_SPECS } from '../../shared/signalRegistry'
import type { Database, ReadableDB } from './database'

/** `kind` of app_focus signals (a literal in SQL, so the partial index of focus signals applies) */
export const FOCUS_KIND = SIGNAL_REGISTRY.app_focus.code

/** The stored code of each signal type. */
export const KIND_OF: Readonly<Record<SignalType, number>> = Object.fromEntries(
  SIGNAL_SPECS.map((spec) => [spec.type, spec.code]),
) as Record<SignalType, number>

/** The kinds table joined to signals: `type` and `usual_source` of each row's kind. */
export const SIGNALS_WITH_KINDS = 'signals JOIN signal_kinds ON signal_kinds.code = signals.kind'

/** A registered kind as the file holds it. */
export interface StoredKind {
  code: number
  type: string
  usual_source: string
}

export class SignalKindConflictError extends Error {
  constructor(stored: string, ours: string) {
    super(`signal kind '${stored}' in this database is '${ours}' in this app: a kind code was reused or changed`)
    this.name = 'SignalKindConflictError'
  }
}

/**
 * Adds the registry's kinds the file does not have yet (a type added since it was written) and
 * checks the ones it has: a code never changes meaning. Kinds the file has and we do not (a newer
 * build wrote them) stay, so their rows keep their names. Runs in one transaction at open, on the
 * raw connection like the migrations (database.ts migrate).
 */
export function registerSignalKinds(
  db: Database,
  specs: ReadonlyArray<{ type: string; code: number; source: SourceType }> = SIGNAL_SPECS,
): void {
  const kinds = storedKinds(db as ReadableDB)
  const byCode = new Map(kinds.map((kind) => [kind.code, kind]))
  const byType = new Map(kinds.map((kind) => [kind.type, kind]))
  const missing = specs.filter((spec) => {
    const have = byCode.get(spec.code) ?? byType.get(spec.type)
    if (have && (have.code !== spec.code || have.type !== spec.type || have.usual_source !== spec.source)) {
      throw new SignalKindConflictError(
        `${have.code} ${have.type}/${have.usual_source}`,
        `${spec.code} ${spec.type}/${spec.source}`,
      )
    }
    return !have
  })
  if (missing.length === 0) return
  const insert = db.prepare<[number, string, string]>(
    'INSERT INTO signal_kinds (code, type, usual_source) VALUES (?, ?, ?)',
  )
  db.transaction(() => {
    for (const spec of missing) insert.run(spec.code, spec.type, spec.source)
  })()
}

/** Every kind the file knows, by code. */
export function storedKinds(db: ReadableDB): StoredKind[] {
  return db.prepare<[], StoredKind>('SELECT code, type, usual_source FROM signal_kinds ORDER BY code').all()
}
