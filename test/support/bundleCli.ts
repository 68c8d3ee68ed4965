// Bundles the CLI into one CommonJS file so tests can start many short-lived capture processes
// (crash tests) without paying tsx's compile time on every start. Native and ESM-only modules
// stay external; the bundle is written below the project's node_modules so Node resolves them
// (require and import alike) from there.
import type { ChildProcess } from 'node:child_process'
import { build } from 'esbuild'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { cliExternals } from '../../scripts/build-cli.mjs'

const projectRoot = join(__dirname, '..', '..')

export interface BundledCli {
  path: string
  remove(): void
}

export async function bundleCli(): Promise<BundledCli> {
  const cacheDir = join(projectRoot, 'node_modules', '.cache')
  mkdirSync(cacheDir, { recursive: true })
  const dir = mkdtempSync(join(cacheDir, 'billops-cli-'))
  const path = join(dir, 'cli.cjs')
  await build({
    entryPoints: [join(projectRoot, 'src', 'main', 'cli.ts')],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: cliExternals,
    logLevel: 'silent',
  })
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Resolves once a started CLI process has written a stderr line matching `ready` (capture: `input=ok`). */
export function waitForStderr(child: ChildProcess, ready: RegExp, what: string, timeoutMs = 30_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let stderr = ''
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${stderr}`)), timeoutMs)
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (ready.test(stderr)) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', () => reject(new Error(`${what} exited early: ${stderr}`)))
  })
}
