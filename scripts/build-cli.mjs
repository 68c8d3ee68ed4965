// Builds the installable CLI: out/cli/billops.js (the entry, shebang, executable), the heuristics
// worker it starts (out/cli/suggestWorker.js) and the code they share, split by esbuild into
// out/cli/chunks/ and loaded on first use. `npm run build` runs it after electron-vite;
// scripts/run-cli.mjs runs it when the bundle is missing or stale.
// ES modules (out/cli/package.json says so) because only they can be split: `version` and
// `--help` then parse a 6 KB entry, not the 1.2 MB of every command (#14: cold start), and a
// command parses only what it imports. Native and ESM-only modules stay external (resolved from
// node_modules, or app.asar's in the packaged app, through the `require` the banner creates);
// everything else, zod included, is bundled.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const cliBundle = join(root, 'out/cli/billops.js')
export const cliWorker = join(root, 'out/cli/suggestWorker.js')
export const cliImportWorker = join(root, 'out/cli/importWorker.js')
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

/**
 * Modules the bundle leaves to node_modules: native ones, ESM-only get-windows, and dbus-next
 * (its optional X11 address lookup requires a module that is not installed).
 */
export const cliExternals = ['better-sqlite3', 'uiohook-napi', 'get-windows', 'dbus-next']

export const cliIsFresh = () => isFresh([cliBundle, cliWorker, cliImportWorker], cliSources)

export async function buildCli() {
  // loaded here, not at the top: `npm run cli` imports this module on every call to check mtimes
  const { build } = await import('esbuild')
  const result = await build({
    bundle: true,
    platform: 'node',
    format: 'esm',
    splitting: true,
    target: 'node20',
    external: cliExternals,
    logLevel: 'warning',
    legalComments: 'none',
    write: false,
    entryPoints: {
      billops: join(root, 'src/main/cli/bin.ts'),
      suggestWorker: join(root, 'src/main/suggest/worker.ts'),
      importWorker: join(root, 'src/main/import/importWorker.ts'),
    },
    outdir: dirname(cliBundle),
    chunkNames: 'chunks/[name]-[hash]',
    banner: {
      js: "import { createRequire as __billopsCreateRequire } from 'node:module'; const require = __billopsCreateRequire(import.meta.url);",
    },
  })
  // Each file is written to a temporary name and renamed: a CLI started meanwhile (tests run side
  // by side) sees the old file or the new one, never half of one. Chunks are named by their hash,
  // so new ones never replace old ones in use; the entry goes last, and chunks no build has used
  // for ten minutes are removed.
  const place = (file, contents, mode) => {
    mkdirSync(dirname(file), { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    writeFileSync(temporary, contents, { mode })
    renameSync(temporary, file)
  }
  place(join(dirname(cliBundle), 'package.json'), '{ "type": "module" }\n', 0o644)
  const entry = result.outputFiles.find((file) => file.path === cliBundle)
  for (const file of result.outputFiles) if (file !== entry) place(file.path, file.contents, 0o644)
  place(cliBundle, entry.contents, 0o755)
  removeOldChunks(new Set(result.outputFiles.map((file) => file.path)))
}

function removeOldChunks(current) {
  const chunks = join(dirname(cliBundle), 'chunks')
  for (const name of readdirSync(chunks)) {
    const file = join(chunks, name)
    if (!current.has(file) && Date.now() - statSync(file).mtimeMs > 10 * 60_000) rmSync(file, { force: true })
  }
}

// No top-level await: tsx loads this module as CommonJS when a bench imports test/support/bundleCli.ts.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildCli().catch((error) => {
    console.error(`build-cli: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  })
}
