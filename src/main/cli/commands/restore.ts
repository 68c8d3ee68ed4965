import { latestSchemaVersion } from '../../store/database'
import { restoreDatabase } from '../../store/restore'
import { parseCommandArgs, requireOption, UsageError, type CliCommand } from '../command'

export const restoreCommand: CliCommand = {
  name: 'restore',
  usage:
    'restore --db FILE --from FILE   (refused while the app or another billops command has FILE open; the replaced database is kept as FILE.before-restore-<time>)',
  async run(argv, io) {
    const values = parseCommandArgs(argv, { db: { type: 'string' }, from: { type: 'string' } })
    const dbPath = requireOption(values.db, 'db')
    const fromPath = requireOption(values.from, 'from')
    if (fromPath === dbPath) throw new UsageError('--from must not be the database itself')
    const keptAs = await restoreDatabase(dbPath, fromPath, { latestSchema: latestSchemaVersion() })
    io.stdout(`${JSON.stringify({ restored: dbPath, from: fromPath, previous_kept_as: keptAs })}\n`)
    return 0
  },
}
