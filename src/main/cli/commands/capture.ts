import { z } from 'zod'
import type { SourceHealth } from '../../../shared/contract'
import { createPlatformSources } from '../../capture/platformSources'
import type { Core } from '../../app/createCore'
import { EXIT_FAILURE, parseCommandArgs, requireOption, UsageError, type CliCommand, type CliIo } from '../command'
import { withCore } from '../withCore'

const Options = z.object({
  duration: z.coerce.number().positive().optional(),
  backend: z.enum(['auto', 'x11', 'wayland', 'hooks']),
  flushIntervalMs: z.coerce.number().int().min(100).max(60_000),
})

export const formatHealth = (health: readonly SourceHealth[]) =>
  health.map((h) => `${h.source}=${h.state}${h.reason ? ` (${h.reason})` : ''}`).join(' ')

export const captureCommand: CliCommand = {
  name: 'capture',
  usage:
    'capture --db FILE [--duration SECONDS (default: until Ctrl-C)] [--backend auto|x11|wayland|hooks (default: auto)] [--flush-interval-ms MS (default: 5000)]',
  async run(argv, io) {
    const values = parseCommandArgs(argv, {
      db: { type: 'string' },
      duration: { type: 'string' },
      backend: { type: 'string' },
      'flush-interval-ms': { type: 'string' },
    })
    const dbPath = requireOption(values.db, 'db')
    const options = Options.safeParse({
      duration: values.duration,
      backend: values.backend ?? 'auto',
      flushIntervalMs: values['flush-interval-ms'] ?? 5_000,
    })
    if (!options.success) {
      throw new UsageError(
        '--duration must be a positive number of seconds, --backend auto|x11|wayland|hooks, --flush-interval-ms 100..60000',
      )
    }
    const coreOptions = {
      dbPath,
      captureSources: createPlatformSources(options.data.backend, process.platform, io.env),
      captureFlushIntervalMs: options.data.flushIntervalMs,
      holder: { name: 'billops capture', stop: 'stop it first (Ctrl-C)' },
    }
    return withCore(io, coreOptions, (core) => captureUntilStopped(core, io, { dbPath, ...options.data }))
  },
}

async function captureUntilStopped(
  core: Core,
  io: CliIo,
  options: { dbPath: string; duration?: number; flushIntervalMs: number },
): Promise<number> {
  let lastHealth = ''
  const printHealth = () => {
    const text = formatHealth(core.health.list())
    if (text === lastHealth) return
    lastHealth = text
    io.stderr(`capture health: ${text}\n`)
  }
  const unsubscribe = core.events.on('status.changed', printHealth)
  io.stderr(`capture: recording to ${options.dbPath}, flushing every ${options.flushIntervalMs} ms\n`)
  core.services.start(['capture'])
  printHealth()
  let timer: ReturnType<typeof setTimeout> | undefined
  const ended =
    options.duration === undefined
      ? new Promise<void>(() => {})
      : new Promise<void>((resolve) => (timer = setTimeout(resolve, options.duration! * 1000)))
  await Promise.race([ended, io.interrupted])
  if (timer) clearTimeout(timer)
  const health = core.health.list()
  await core.services.stop() // the last signals are written before they are counted
  unsubscribe()
  const status = core.capture.status()
  io.stdout(
    `${JSON.stringify({ signals_written: status.signals_written, unwritten: status.buffered_signals, health })}\n`,
  )
  if (status.buffered_signals > 0) {
    io.stderr(
      `error: ${status.buffered_signals} signals could not be written: ${status.last_flush_error ?? 'unknown error'}\n`,
    )
    return EXIT_FAILURE
  }
  return 0
}
