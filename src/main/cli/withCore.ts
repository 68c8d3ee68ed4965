// The one way a CLI command reaches a database (#24): a core built like the app's (migrations,
// restore recovery, the holder that keeps `restore` away, every service), used for one command and
// closed however the command ends. Only `backup` and `restore` work on the file instead: a restore
// needs nobody holding it, and a backup copies a database it must not migrate.
import { createCore, type Core, type CoreOptions } from '../app/createCore'
import { createStderrLogger } from '../base/logger'
import type { CliIo } from './command'

export type CliCoreOptions = Omit<CoreOptions, 'suggestWorkerFactory' | 'importWorkerFactory'>

export async function withCore<T>(io: CliIo, options: CliCoreOptions, run: (core: Core) => Promise<T> | T): Promise<T> {
  const core = createCore({
    logger: createStderrLogger((line) => io.stderr(line)),
    clock: io.clock,
    suggestWorkerFactory: io.suggestWorkerFactory,
    importWorkerFactory: io.importWorkerFactory,
    ...options,
  })
  try {
    return await run(core)
  } finally {
    await core.close()
  }
}
