import { programName, type CliCommand } from '../command'
import { withCore } from '../withCore'
import { DECISION_USAGE, parseDecisionArgs } from './decisionArgs'

export const approveCommand: CliCommand = {
  name: 'approve',
  usage: `approve ${DECISION_USAGE.approve}`,
  async run(argv, io) {
    const args = parseDecisionArgs(argv, 'approve', programName(io))
    return withCore(io, { dbPath: args.dbPath }, (core) => {
      const changed = core.review.approve(args.select(core.review), args.edits)
      io.stdout(`${JSON.stringify({ approved: changed.length, ids: changed.map((e) => e.id) })}\n`)
      return 0
    })
  },
}
