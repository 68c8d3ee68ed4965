// Builds the installable CLI: out/cli/billops.js (one CommonJS file, shebang, executable) and the
// heuristics worker it starts, out/cli/heuristicsWorker.js. `npm run build` runs it after
// electron-vite; scripts/run-cli.mjs runs it when the bundle is missing or stale.
// Native and ESM-only modules stay external (resolved from node_modules, or app.asar's in the
// packaged app); everything else, zod included, is bundled. Commands stay lazy: esbuild turns
// each `await import('./command')` into a module initialised on first use, so `version` and
// `--help` never require better-sqlite3 or run zod's schema builders.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const cliBundle = join(root, 'out/cli/billops.js')
export const cliWorker = join(root, 'out/cli/heuristicsWorker.js')
/** What the built files are made from: a change to any of these makes them stale. */
export const cliSources = [join(root, 'src'), join(root, 'package.json'), join(root, 'scripts/build-cli.mjs')]

/** Newest modification time under a file or directory (ms). */
export function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))))
}

/** True when every output exists and is at least as new as every source. */
export function isFresh(outputs, sources) {
  const newest = Math.max(...sources.map(newestMtime))
  return outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= newest)
}

export const cliIsFresh = () => isFresh([cliBundle, cliWorker], cliSources)

export async function buildCli() {
  // loaded here, not at the top: `npm run cli` imports this module on every call to check mtimes
  const { build } = await import('esbuild')
  const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'uiohook-napi', 'get-windows'],
    logLevel: 'warning',
    legalComments: 'none',
  }
  const [cli, worker] = await Promise.all([
    build({ ...common, write: false, entryPoints: [join(root, 'src/main/cli/bin.ts')], outfile: cliBundle, banner: { js: '#!/usr/bin/env node' } }),
    build({ ...common, write: false, entryPoints: [join(root, 'src/main/suggest/worker.ts')], outfile: cliWorker }),
  ])
  // Written to a temporary name and renamed: a CLI started meanwhile (tests run side by side)
  // sees the old file or the new one, never half of one. The worker first, the entry last.
  mkdirSync(dirname(cliBundle), { recursive: true })
  const place = (file, contents, mode) => {
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, contents, { mode })
    renameSync(temporary, file)
  }
  place(cliWorker, worker.outputFiles[0].contents, 0o644)
  place(cliBundle, cli.outputFiles[0].contents, 0o755)
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildCli()
  } catch (error) {
    console.error(`build-cli: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
}
