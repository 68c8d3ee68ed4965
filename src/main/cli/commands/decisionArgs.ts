// Shared by `approve` and `reject`: which entries (--id … | --all-pending) and the edits.
import { ActivityType } from '../../../shared/domain'
import type { Database } from '../../store/database'
import { DecisionEdits } from '../../store/decisions'
import { listEntries } from '../../store/entries'
import { parseCommandArgs, requireOption, UsageError } from '../command'

export const DECISION_USAGE = '--db FILE (--id ID ... | --all-pending) [--project P] [--client C] [--activity-type T] [--notes N]'

export interface DecisionArgs {
  dbPath: string
  select(db: Database): string[]
  edits: DecisionEdits
}

export function parseDecisionArgs(argv: string[]): DecisionArgs {
  const values = parseCommandArgs(argv, {
    db: { type: 'string' },
    id: { type: 'string', multiple: true },
    'all-pending': { type: 'boolean' },
    project: { type: 'string' },
    client: { type: 'string' },
    'activity-type': { type: 'string' },
    notes: { type: 'string' },
  })
  const dbPath = requireOption(values.db, 'db')
  const ids = values.id ?? []
  const allPending = values['all-pending'] === true
  if (ids.length > 0 === allPending) throw new UsageError('give either --id (one or more) or --all-pending')
  const edits = DecisionEdits.safeParse({
    project_id: values.project,
    client_id: values.client,
    activity_type: values['activity-type'],
    notes: values.notes,
  })
  if (!edits.success) {
    const field = String(edits.error.issues[0]?.path[0] ?? '')
    throw new UsageError(
      field === 'activity_type' ? `--activity-type must be one of ${ActivityType.options.join(', ')}` : `invalid ${field}: ${edits.error.issues[0]?.message}`,
    )
  }
  return {
    dbPath,
    select: (db) => (allPending ? listEntries(db, { status: 'pending' }).map((e) => e.id) : ids),
    edits: edits.data,
  }
}
