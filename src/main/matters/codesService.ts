// UTBMS codes on entries (#30): what the queue, the edit dialog and bulk actions read and set.
// A code the user sets is theirs (source 'user') and teaches the engine (store/learnedActivityCodes).
import type { EntryCodesView } from '../../shared/contract/matters'
import { codesRequired, type ClientsRequiringCodes } from '../../shared/matters/guidelines'
import { AppError } from '../base/appError'
import type { WritableDB } from '../store/database'
import { entryCodeRows, markEntryTouched, setEntryCodes, type EntryCodeRow } from '../store/matters'
import { isoSeconds } from '../../shared/isoTime'
import { inTransaction } from '../store/transaction'

function view(row: EntryCodeRow, clientsRequiringCodes: ClientsRequiringCodes): EntryCodesView {
  const suggested = (JSON.parse(row.context_data) as { utbms?: { activity_code: string; reason: string } }).utbms
  // no activity code of the user's (they may have set only the task code): the suggestion stands
  const activity = row.activity_code ?? suggested?.activity_code ?? null
  return {
    entry_id: row.id,
    task_code: row.task_code,
    activity_code: activity,
    activity_source: row.activity_code !== null ? 'user' : activity !== null ? 'suggested' : 'none',
    activity_reason: row.activity_code === null && activity !== null ? (suggested?.reason ?? null) : null,
    task_code_missing: codesRequired(row, clientsRequiringCodes) !== false && row.task_code === null,
  }
}

export function createCodesService(
  db: WritableDB,
  now: () => number,
  clientsRequiringCodes: () => ClientsRequiringCodes,
) {
  const views = (ids: readonly string[]) => {
    const clients = clientsRequiringCodes()
    return entryCodeRows(db, ids).map((row) => view(row, clients))
  }
  return {
    get(ids: readonly string[]): EntryCodesView[] {
      return views(ids)
    },
    /** One or many entries (bulk); every id must exist, or nothing changes. */
    set(
      ids: readonly string[],
      codes: { task_code?: string | null | undefined; activity_code?: string | null | undefined },
    ): EntryCodesView[] {
      return inTransaction(db, () => {
        const rows = entryCodeRows(db, ids)
        if (rows.length !== new Set(ids).size)
          throw new AppError('not_found', `no entry ${ids.find((id) => !rows.some((r) => r.id === id)) ?? ''}`)
        for (const id of ids) {
          setEntryCodes(db, id, {
            ...(codes.task_code === undefined ? {} : { task_code: codes.task_code }),
            ...(codes.activity_code === undefined ? {} : { activity_code: codes.activity_code }),
            source: 'user',
          })
          markEntryTouched(db, id, isoSeconds(now()))
        }
        return views(ids)
      })
    },
  }
}
export type CodesService = ReturnType<typeof createCodesService>
