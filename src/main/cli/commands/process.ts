import { silentLogger } from '../../base/logger'
import { HeuristicsHost } from '../../suggest/host'
import { createTsxWorkerFactory } from '../../suggest/workerFactory'
import { createSettingsStore } from '../../store/settings'
import { closeDatabase, openDatabase } from '../../store/database'
import { parseCommandArgs, requireOption, type CliCommand } from '../command'

export const processCommand: CliCommand = {
  name: 'process',
  usage: 'process --db FILE',
  async run(argv, io) {
    const values = parseCommandArgs(argv, { db: { type: 'string' } })
    const db = openDatabase(requireOption(values.db, 'db'))
    const settings = createSettingsStore(db, Date.now)
    const host = new HeuristicsHost({
      db,
      settings: () => settings.get(),
      workerFactory: createTsxWorkerFactory(),
      logger: silentLogger,
      now: Date.now,
      onStatus: (status) => {
        if (status.last_error) io.stderr(`heuristics: ${status.state}: ${status.last_error}\n`)
      },
    })
    try {
      const report = await host.processPending()
      const pending = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM entries WHERE status = 'pending'").get()?.n ?? 0
      io.stdout(`${JSON.stringify({ ...report, pending_entries: pending })}\n`)
      return 0
    } finally {
      await host.close()
      closeDatabase(db)
    }
  },
}
