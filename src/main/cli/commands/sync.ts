import { z } from 'zod'
import type { Core } from '../../app/createCore'
import { createEnvSecretStore } from '../../base/secretStore'
import { ServerUrlError, timeEntriesBase } from '../../sync/serverUrl'
import { startProgress } from '../progress'
import {
  EXIT_AUTH,
  EXIT_INTERRUPTED,
  EXIT_OK,
  EXIT_PARTIAL,
  EXIT_UNREACHABLE,
  EXIT_USAGE,
  parseCommandArgs,
  requireOption,
  UsageError,
  type CliCommand,
  type CliIo,
} from '../command'
import { withCore } from '../withCore'

const MaxWait = z.coerce
  .number()
  .positive()
  .max(7 * 24 * 3600)
const DEFAULT_MAX_WAIT_SECONDS = 60
/** Passes in a row that reach nothing before sync gives up (waits of 1 and 2 s between them), within about 10 s. */
const UNREACHABLE_TRIES = 3
const UNREACHABLE_BUDGET_MS = 10_000

const seconds = (ms: number) => `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`
const entries = (n: number) => `${n} ${n === 1 ? 'entry stays' : 'entries stay'}`

export const syncCommand: CliCommand = {
  name: 'sync',
  usage: `sync --db FILE --server URL [--max-wait SECONDS (default ${DEFAULT_MAX_WAIT_SECONDS})]`,
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
    const maxWait = MaxWait.safeParse(values['max-wait'] ?? DEFAULT_MAX_WAIT_SECONDS)
    if (!maxWait.success) throw new UsageError('--max-wait must be a positive number of seconds')
    if (!io.env.BILLOPS_TOKEN) {
      io.stderr('error: set BILLOPS_TOKEN to your BillOps API token\n')
      return EXIT_AUTH
    }
    const options = {
      dbPath,
      syncSleep: io.sleep,
      secretStore: createEnvSecretStore(io.env),
      syncServerUrl: server,
      holder: { name: 'billops sync', stop: 'wait for it to finish or stop it (Ctrl-C)' },
    }
    return withCore(io, options, (core) => syncAll(core, io, { server, maxWaitSeconds: maxWait.data }))
  },
}

async function syncAll(
  core: Core,
  io: CliIo,
  { server, maxWaitSeconds }: { server: string; maxWaitSeconds: number },
): Promise<number> {
  let interrupted = false
  void io.interrupted.then(() => (interrupted = true))
  const progress = startProgress(io, 'sync: sending', 'entries')
  let phase: string = 'sending'
  core.events.on('sync.progress', ({ phase: next, done, total }) => {
    if (next !== phase) progress.phase(`sync: ${next}`, next === 'sending' ? 'entries' : 'items', total)
    phase = next
    progress.update(done, total)
  })
  try {
    const result = await core.sync.engine.syncUntilSettled({
      maxWaitMs: maxWaitSeconds * 1000,
      interrupted: () => interrupted,
      // A server that cannot be reached at all is not waited for: the app retries on its own.
      unreachableTries: UNREACHABLE_TRIES,
      unreachableBudgetMs: UNREACHABLE_BUDGET_MS,
      onRetry: ({ reason, waitMs }) => io.stderr(`sync: ${reason}; retrying in ${seconds(waitMs)}\n`),
    })
    progress.finish()
    io.stdout(`${JSON.stringify(result.counts)}\n`)
    if (result.outcome === 'not_configured') {
      // A wrong address is the user's to fix, at once: retrying would only repeat the same answer.
      io.stderr(
        `error: ${result.message ?? 'no BillOps server is configured'}; ${entries(result.counts.pending)} queued locally, nothing is lost\n`,
      )
      return EXIT_USAGE
    }
    io.stderr(
      `sync: ${result.outcome}, ${result.sent} sent, ${result.imported} imported${result.message ? `: ${result.message}` : ''}\n`,
    )
    for (const row of core.sync.unresolved(20)) {
      io.stderr(`  ${row.state} ${row.entry_id}: ${row.last_error ?? ''}\n`)
    }
    const queued = result.counts.pending
    if (result.outcome === 'auth_required') {
      io.stderr(
        `sync: BILLOPS_TOKEN was refused by ${server}; set it to a valid BillOps API token (${entries(queued)} queued locally, nothing is lost)\n`,
      )
      return EXIT_AUTH
    }
    if (result.outcome === 'offline') {
      io.stderr(
        `sync: cannot reach the BillOps server at ${server}; ${entries(queued)} queued locally, nothing is lost; the desktop app will retry on its own (or run sync again later).\n`,
      )
      return EXIT_UNREACHABLE
    }
    if (result.counts.failed + result.counts.conflicted > 0) return EXIT_PARTIAL
    if (queued > 0 || result.outcome === 'retrying') {
      const why = interrupted ? 'interrupted' : `still retrying after --max-wait ${maxWaitSeconds} s`
      io.stderr(
        `sync: ${why}; ${entries(queued)} queued locally, nothing is lost; the desktop app will retry on its own (or run sync again later).\n`,
      )
      return interrupted ? EXIT_INTERRUPTED : EXIT_UNREACHABLE
    }
    return EXIT_OK
  } finally {
    progress.finish()
  }
}
