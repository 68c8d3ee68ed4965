import { programName, type CliCommand } from '../command'
import { withCore } from '../withCore'
import { DECISION_USAGE, parseDecisionArgs } from './decisionArgs'

export const rejectCommand: CliCommand = {
  name: 'reject',
  usage: `reject ${DECISION_USAGE.reject}`,
  async run(argv, io) {
    const args = parseDecisionArgs(argv, 'reject', programName(io))
    return withCore(io, { dbPath: args.dbPath }, (core) => {
      const changed = core.review.reject(args.select(core.review), args.edits)
      io.stdout(`${JSON.stringify({ rejected: changed.length, ids: changed.map((e) => e.id) })}\n`)
      return 0
    })
  },
}
