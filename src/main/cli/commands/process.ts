import { createCore } from '../../app/createCore'
import { silentLogger } from '../../base/logger'
import { meetingCounts } from '../../store/meetingCounts'
import { meetingSummary } from '../meetingSummary'
import { startProgress } from '../progress'
import { EXIT_INTERRUPTED, parseCommandArgs, requireOption, type CliCommand } from '../command'

export const processCommand: CliCommand = {
  name: 'process',
  usage: 'process --db FILE   (turns the signals not processed yet into pending entries; run it again after more capture or import)',
  async run(argv, io) {
    const values = parseCommandArgs(argv, { db: { type: 'string' } })
    const core = createCore({ dbPath: requireOption(values.db, 'db'), logger: silentLogger, suggestWorkerFactory: io.suggestWorkerFactory })
    core.events.on('suggest.status', (status) => {
      if (status.last_error) io.stderr(`heuristics: ${status.state}: ${status.last_error}\n`)
    })
    let interrupted = false
    void io.interrupted.then(() => (interrupted = true))
    const progress = startProgress(io, 'process', 'signals')
    try {
      // Every round is stored before the next starts (signals, entries and the cursor in one
      // transaction): Ctrl-C stops between two, and the next run goes on from the cursor.
      const report = await core.suggest.processPending({
        onProgress: (processed, waiting) => progress.update(processed, waiting),
        shouldStop: () => interrupted,
      })
      progress.finish()
      const { interrupted: stopped, ...counts } = report
      const meetings = meetingCounts(core.db, core.clock.now())
      io.stdout(`${JSON.stringify({ ...counts, pending_entries: core.status().pending_count, meetings })}\n`)
      const summary = meetingSummary(meetings)
      if (summary) io.stderr(summary)
      if (stopped) {
        io.stderr(`process: interrupted after ${report.processed_signals} signal(s); the entries so far are stored, run process again to continue\n`)
        return EXIT_INTERRUPTED
      }
      return 0
    } finally {
      progress.finish()
      await core.close()
    }
  },
}
