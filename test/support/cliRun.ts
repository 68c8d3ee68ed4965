// Runs the CLI in this process, the way src/main/cli.ts does, with stdout and stderr recorded and
// stdin given as chunks. Shared by every CLI test so their io stays the same.
import { Readable } from 'node:stream'
import type { CliIo } from '../../src/main/cli/command'
import { runCli } from '../../src/main/cli/runCli'

export function recordingIo(stdin: readonly (Buffer | string)[] = []) {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    stdin: () => Readable.from(stdin),
    env: {},
    interrupted: new Promise(() => {}),
  }
  return { io, out: () => out.join(''), err: () => err.join('') }
}

export async function runCliInProcess(
  argv: string[],
  stdin: readonly (Buffer | string)[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const recorded = recordingIo(stdin)
  const code = await runCli(argv, { ...recorded.io, env })
  return { code, stdout: recorded.out(), stderr: recorded.err() }
}
