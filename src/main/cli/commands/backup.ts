import { backupFile } from '../../store/backups'
import { recoverInterruptedRestore } from '../../store/restore'
import { parseCommandArgs, requireOption, UsageError, type CliCommand } from '../command'

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup --db FILE --out FILE [--force]   (an existing --out file is replaced only with --force)',
  async run(argv, io) {
    const values = parseCommandArgs(argv, {
      db: { type: 'string' },
      out: { type: 'string' },
      force: { type: 'boolean' },
    })
    const dbPath = requireOption(values.db, 'db')
    const outPath = requireOption(values.out, 'out')
    if (outPath === dbPath) throw new UsageError('--out must not be the database itself')
    // A restore killed part-way is finished or rolled back first, as any opening does.
    recoverInterruptedRestore(dbPath)
    await backupFile(dbPath, outPath, { replace: values.force === true })
    io.stdout(`${JSON.stringify({ backup: outPath, verified: true })}\n`)
    return 0
  },
}
