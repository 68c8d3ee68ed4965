import { createCore } from '../../app/createCore'
import { createStderrLogger } from '../../base/logger'
import { rejectEntries } from '../../store/decisions'
import { programName, type CliCommand } from '../command'
import { DECISION_USAGE, parseDecisionArgs } from './decisionArgs'

export const rejectCommand: CliCommand = {
  name: 'reject',
  usage: `reject ${DECISION_USAGE.reject}`,
  async run(argv, io) {
    const args = parseDecisionArgs(argv, 'reject', programName(io))
    const core = createCore({ dbPath: args.dbPath, logger: createStderrLogger((line) => io.stderr(line)), suggestWorkerFactory: io.suggestWorkerFactory })
    try {
      const ids = args.select(core.db)
      const changed = rejectEntries(core.db, ids, args.edits, { now: () => core.clock.now() })
      io.stdout(`${JSON.stringify({ rejected: changed.length, ids: changed.map((e) => e.id) })}\n`)
      return 0
    } finally {
      await core.close()
    }
  },
}
