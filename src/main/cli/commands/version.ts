import { version } from '../../../../package.json'
import { parseCommandArgs, type CliCommand } from '../command'

export const versionCommand: CliCommand = {
  name: 'version',
  usage: 'version',
  async run(argv, io) {
    parseCommandArgs(argv, {})
    io.stdout(`${JSON.stringify({ name: 'billops-tracker', version, node: process.versions.node })}\n`)
    return 0
  },
}
