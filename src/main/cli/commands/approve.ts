import { createCore } from '../../app/createCore'
import { createStderrLogger } from '../../base/logger'
import { approveEntries } from '../../store/decisions'
import { programName, type CliCommand } from '../command'
import { DECISION_USAGE, parseDecisionArgs } from './decisionArgs'

export const approveCommand: CliCommand = {
  name: 'approve',
  usage: `approve ${DECISION_USAGE.approve}`,
  async run(argv, io) {
    const args = parseDecisionArgs(argv, 'approve', programName(io))
    const core = createCore({ dbPath: args.dbPath, logger: createStderrLogger((line) => io.stderr(line)), suggestWorkerFactory: io.suggestWorkerFactory })
    try {
      const ids = args.select(core.db)
      const changed = approveEntries(core.db, ids, args.edits, { now: () => core.clock.now() })
      io.stdout(`${JSON.stringify({ approved: changed.length, ids: changed.map((e) => e.id) })}\n`)
      return 0
    } finally {
      await core.close()
    }
  },
}
