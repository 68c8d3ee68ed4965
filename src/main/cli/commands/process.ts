import { createCore } from '../../app/createCore'
import { silentLogger } from '../../base/logger'
import { parseCommandArgs, requireOption, type CliCommand } from '../command'

export const processCommand: CliCommand = {
  name: 'process',
  usage: 'process --db FILE',
  async run(argv, io) {
    const values = parseCommandArgs(argv, { db: { type: 'string' } })
    const core = createCore({ dbPath: requireOption(values.db, 'db'), logger: silentLogger, heuristicsWorkerFactory: io.heuristicsWorkerFactory })
    core.events.on('heuristics.status', (status) => {
      if (status.last_error) io.stderr(`heuristics: ${status.state}: ${status.last_error}\n`)
    })
    try {
      const report = await core.heuristics.processPending()
      io.stdout(`${JSON.stringify({ ...report, pending_entries: core.status().pending_count })}\n`)
      return 0
    } finally {
      await core.close()
    }
  },
}
