// `billops-tracker --cli ARGS`: the packaged app runs the same built CLI as `billops` does
// (out/cli/billops.js, shipped in the asar beside out/main). Electron's RunAsNode fuse is off in
// the packaged app (electron-builder.yml), so the app binary cannot be used as plain Node; this
// flag is the one way in, and it runs only the CLI's own commands. resources/bin/billops (and
// billops.cmd) wrap it so it can be put on PATH (README). better-sqlite3 there is the app's own
// Electron-ABI build, which is exactly the runtime this runs in.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The CLI's arguments when the app was started with --cli, else null (the desktop app). */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf('--cli')
  return at < 0 ? null : argv.slice(at + 1)
}

/** Loads out/cli/billops.js (an ES module) and runs it; it exits the process when done. */
export async function runPackagedCli(mainDir: string, args: readonly string[]): Promise<void> {
  const entry = pathToFileURL(join(mainDir, '../cli/billops.js')).href
  const cli = (await import(entry)) as { runBuiltCli(argv: readonly string[]): void }
  cli.runBuiltCli(args)
}
