import { z } from 'zod'
import { exportData } from '../../export/exportData'
import { startProgress } from '../progress'
import { parseCommandArgs, requireOption, UsageError, type CliCommand } from '../command'
import { withCore } from '../withCore'

const Options = z.object({ what: z.enum(['signals', 'entries']), format: z.enum(['json', 'csv']) })

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export --db FILE [--what signals|entries (default: signals)] [--format json|csv (default: json)]',
  async run(argv, io) {
    const values = parseCommandArgs(argv, {
      db: { type: 'string' },
      what: { type: 'string' },
      format: { type: 'string' },
    })
    const dbPath = requireOption(values.db, 'db')
    const options = Options.safeParse({ what: values.what ?? 'signals', format: values.format ?? 'json' })
    if (!options.success) throw new UsageError('--what must be signals or entries, --format json or csv')
    return withCore(io, { dbPath }, (core) => {
      const progress = startProgress(io, 'export', options.data.what)
      try {
        const count = exportData(core.db, options.data.what, options.data.format, io.stdout, (written) =>
          progress.update(written),
        )
        progress.finish()
        io.stderr(`exported ${count} ${options.data.what}\n`)
      } finally {
        progress.finish()
      }
      return 0
    })
  },
}
