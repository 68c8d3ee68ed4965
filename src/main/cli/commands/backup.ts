import { backupFile } from '../../store/backups'
import { parseCommandArgs, requireOption, UsageError, type CliCommand } from '../command'

export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup --db FILE --out FILE',
  async run(argv, io) {
    const values = parseCommandArgs(argv, { db: { type: 'string' }, out: { type: 'string' } })
    const dbPath = requireOption(values.db, 'db')
    const outPath = requireOption(values.out, 'out')
    if (outPath === dbPath) throw new UsageError('--out must not be the database itself')
    await backupFile(dbPath, outPath)
    io.stdout(`${JSON.stringify({ backup: outPath, verified: true })}\n`)
    return 0
  },
}
