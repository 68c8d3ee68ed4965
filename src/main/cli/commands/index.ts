// Every CLI command, in the order `--help` lists them. Add a command: one file, one line here.
import type { CliCommand } from '../command'
import { versionCommand } from './version'

export const commands: readonly CliCommand[] = [versionCommand]
