// Shared by `approve` and `reject`: which entries (--id … | --all-pending) and the edits. Ids may
// be unique prefixes (cli/entryIds.ts). A rejection keeps only a note: the project, client and
// activity of time that is not billed mean nothing.
import { ActivityType } from '../../../shared/domain'
import type { EntryReview } from '../../review/decisionsAdapter'
import { DecisionEdits } from '../../review/decisionsAdapter'
import { parseCommandArgs, requireOption, UsageError } from '../command'
import { resolveEntryIds } from '../entryIds'

const SELECT_USAGE = '--db FILE (--id ID ... | --all-pending)'
export const DECISION_USAGE = {
  approve: `${SELECT_USAGE} [--project P] [--client C] [--activity-type T] [--notes N]   (ID: the id or any unique prefix of it; P, C, T, N default to the entry's own)`,
  reject: `${SELECT_USAGE} [--notes N]   (ID: the id or any unique prefix of it; N: why, kept with the rejection)`,
}

export interface DecisionArgs {
  dbPath: string
  select(review: EntryReview): string[]
  edits: DecisionEdits
}

const SELECT_OPTIONS = {
  db: { type: 'string' },
  id: { type: 'string', multiple: true },
  'all-pending': { type: 'boolean' },
  notes: { type: 'string' },
} as const

export function parseDecisionArgs(argv: string[], decision: 'approve' | 'reject', program: string): DecisionArgs {
  const values =
    decision === 'approve'
      ? parseCommandArgs(argv, {
          ...SELECT_OPTIONS,
          project: { type: 'string' },
          client: { type: 'string' },
          'activity-type': { type: 'string' },
        })
      : parseCommandArgs(argv, SELECT_OPTIONS)
  const dbPath = requireOption(values.db, 'db')
  const ids = values.id ?? []
  const allPending = values['all-pending'] === true
  if (ids.length > 0 === allPending) throw new UsageError('give either --id (one or more) or --all-pending')
  const edits = DecisionEdits.safeParse({
    project_id: 'project' in values ? values.project : undefined,
    client_id: 'client' in values ? values.client : undefined,
    activity_type: 'activity-type' in values ? values['activity-type'] : undefined,
    notes: values.notes,
  })
  if (!edits.success) {
    const field = String(edits.error.issues[0]?.path[0] ?? '')
    throw new UsageError(
      field === 'activity_type'
        ? `--activity-type must be one of ${ActivityType.options.join(', ')}`
        : `invalid ${field}: ${edits.error.issues[0]?.message}`,
    )
  }
  return {
    dbPath,
    select: (review) => (allPending ? review.list('pending').map((e) => e.id) : resolveEntryIds(review, ids, program)),
    edits: edits.data,
  }
}
