import { EntryStatus } from '../../../shared/domain'
import { createCore } from '../../app/createCore'
import { createStderrLogger } from '../../base/logger'
import { listEntries } from '../../store/entries'
import { parseCommandArgs, requireOption, UsageError, type CliCommand } from '../command'

export const entriesCommand: CliCommand = {
  name: 'entries',
  usage: 'entries --db FILE [--status pending|approved|rejected] --json',
  async run(argv, io) {
    const values = parseCommandArgs(argv, {
      db: { type: 'string' },
      status: { type: 'string' },
      json: { type: 'boolean' },
    })
    const dbPath = requireOption(values.db, 'db')
    const status = values.status === undefined ? undefined : EntryStatus.safeParse(values.status)
    if (status && !status.success) throw new UsageError('--status must be pending, approved or rejected')
    const core = createCore({ dbPath, logger: createStderrLogger((line) => io.stderr(line)), heuristicsWorkerFactory: io.heuristicsWorkerFactory })
    try {
      // JSON is the only output format; --json is accepted so scripts can say what they expect.
      io.stdout(`${JSON.stringify(listEntries(core.db, { status: status?.data }))}\n`)
      return 0
    } finally {
      await core.close()
    }
  },
}
