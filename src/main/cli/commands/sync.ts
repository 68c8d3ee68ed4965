import { z } from 'zod'
import { createCore } from '../../app/createCore'
import { createStderrLogger } from '../../base/logger'
import { createEnvSecretStore } from '../../base/secretStore'
import { ServerUrlError, timeEntriesBase } from '../../sync/serverUrl'
import { unresolvedItems } from '../../store/outbox'
import { EXIT_FAILURE, parseCommandArgs, requireOption, UsageError, type CliCommand } from '../command'

const MaxWait = z.coerce.number().positive().max(7 * 24 * 3600)

export const syncCommand: CliCommand = {
  name: 'sync',
  usage: 'sync --db FILE --server URL [--max-wait SECONDS]',
  async run(argv, io) {
    if (argv.some((arg) => arg === '--token' || arg.startsWith('--token='))) {
      // argv is visible to every user of the machine (ps, /proc): tokens never go there.
      throw new UsageError('the token is read from the BILLOPS_TOKEN environment variable, never from the command line')
    }
    const values = parseCommandArgs(argv, {
      db: { type: 'string' },
      server: { type: 'string' },
      'max-wait': { type: 'string' },
    })
    const dbPath = requireOption(values.db, 'db')
    const server = requireOption(values.server, 'server')
    try {
      timeEntriesBase(server)
    } catch (error) {
      if (error instanceof ServerUrlError) throw new UsageError(error.message)
      throw error
    }
    const maxWait = MaxWait.safeParse(values['max-wait'] ?? 600)
    if (!maxWait.success) throw new UsageError('--max-wait must be a positive number of seconds')
    if (!io.env.BILLOPS_TOKEN) {
      io.stderr('error: set BILLOPS_TOKEN to your BillOps API token\n')
      return EXIT_FAILURE
    }
    const logger = createStderrLogger((line) => io.stderr(line))
    const core = createCore({ dbPath, logger, secretStore: createEnvSecretStore(io.env), syncServerUrl: server, heuristicsWorkerFactory: io.heuristicsWorkerFactory })
    let interrupted = false
    void io.interrupted.then(() => (interrupted = true))
    try {
      const result = await core.sync.engine.syncUntilSettled({ maxWaitMs: maxWait.data * 1000, interrupted: () => interrupted })
      io.stdout(`${JSON.stringify(result.counts)}\n`)
      io.stderr(`sync: ${result.outcome}, ${result.sent} sent, ${result.imported} imported${result.message ? `: ${result.message}` : ''}\n`)
      for (const row of unresolvedItems(core.db, 20)) {
        io.stderr(`  ${row.state} ${row.entry_id}: ${row.last_error ?? ''}\n`)
      }
      const retryableLeft = result.counts.pending > 0 || result.outcome === 'auth_required' || result.outcome === 'not_configured'
      return retryableLeft ? EXIT_FAILURE : 0
    } finally {
      await core.close()
    }
  },
}
