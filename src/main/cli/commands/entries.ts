import { EntryStatus } from '../../../shared/domain'
import { parseCommandArgs, requireOption, UsageError, type CliCommand } from '../command'
import { entryTable } from '../entryTable'
import { withCore } from '../withCore'

export const entriesCommand: CliCommand = {
  name: 'entries',
  usage:
    'entries --db FILE [--status pending|approved|rejected (default: all)] [--json (default when stdout is not a terminal)]',
  async run(argv, io) {
    const values = parseCommandArgs(argv, {
      db: { type: 'string' },
      status: { type: 'string' },
      json: { type: 'boolean' },
    })
    const dbPath = requireOption(values.db, 'db')
    const status = values.status === undefined ? undefined : EntryStatus.safeParse(values.status)
    if (status && !status.success) throw new UsageError('--status must be pending, approved or rejected')
    return withCore(io, { dbPath }, (core) => {
      const entries = core.review.list(status?.data)
      // A table for a person at a terminal; JSON for --json and for pipes (scripts stay stable).
      io.stdout(values.json === true || io.stdoutIsTTY !== true ? `${JSON.stringify(entries)}\n` : entryTable(entries))
      return 0
    })
  },
}
