import { silentLogger } from '../../base/logger'
import { meetingSummary } from '../meetingSummary'
import { startProgress } from '../progress'
import type { Core } from '../../app/createCore'
import { EXIT_INTERRUPTED, parseCommandArgs, requireOption, type CliCommand, type CliIo } from '../command'
import { withCore } from '../withCore'

export const processCommand: CliCommand = {
  name: 'process',
  usage:
    'process --db FILE   (turns the signals not processed yet into pending entries; run it again after more capture or import)',
  async run(argv, io) {
    const values = parseCommandArgs(argv, { db: { type: 'string' } })
    return withCore(io, { dbPath: requireOption(values.db, 'db'), logger: silentLogger }, (core) =>
      processAll(core, io),
    )
  },
}

async function processAll(core: Core, io: CliIo): Promise<number> {
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
    const meetings = core.calendar.meetingCounts()
    io.stdout(`${JSON.stringify({ ...counts, pending_entries: core.status().pending_count, meetings })}\n`)
    const summary = meetingSummary(meetings)
    if (summary) io.stderr(summary)
    if (stopped) {
      io.stderr(
        `process: interrupted after ${report.processed_signals} signal(s); the entries so far are stored, run process again to continue\n`,
      )
      return EXIT_INTERRUPTED
    }
    return 0
  } finally {
    progress.finish()
  }
}
