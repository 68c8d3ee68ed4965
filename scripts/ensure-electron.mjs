#!/usr/bin/env node
// Before `npm start` / `npm run dev`: make sure the Electron binary and an Electron-ABI build of
// better-sqlite3 exist. npm does not run Electron's download script by default (allowScripts), and
// on machines without internet access it cannot: say so plainly instead of failing obscurely.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkNode, ELECTRON_TOOLING_NODE, nodeAtLeast } from './node-version.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
checkNode('npm start')
const electronPackage = join(root, 'node_modules/electron')
const electronVersion = JSON.parse(readFileSync(join(electronPackage, 'package.json'), 'utf8')).version

// Where Electron's own index.js looks, without requiring it: requiring it starts a download and
// prints its stack traces when that fails.
function electronPath() {
  const pathFile = join(electronPackage, 'path.txt')
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron'
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const path = override ? join(override, executable) : join(electronPackage, 'dist', executable)
  return existsSync(path) ? path : null
}

/** One paragraph: what is missing and the two ways on, no stack trace (the reason is one line). */
function noElectron(reason) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const lines = [
    override
      ? `npm start: no Electron executable in ELECTRON_OVERRIDE_DIST_PATH (${override}).`
      : `npm start: the Electron ${electronVersion} binary is not installed and could not be downloaded (${reason}).`,
    `To run the desktop app, unpack an Electron ${electronVersion} build for this platform and set`,
    `ELECTRON_OVERRIDE_DIST_PATH to its folder (the one holding the electron executable), or put its`,
    `zip into Electron's download cache (electron_config_cache) on a machine that can reach GitHub.`,
    nodeAtLeast(ELECTRON_TOOLING_NODE)
      ? null
      : `Electron's download and rebuild tools need Node >= ${ELECTRON_TOOLING_NODE.join('.')} (this is ${process.versions.node}).`,
    'Without Electron, the same core runs on the command line: npm run cli -- --help',
  ]
  process.stderr.write(`${lines.filter((line) => line !== null).join('\n')}\n`)
  process.exit(1)
}

if (!electronPath()) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) noElectron('')
  process.stderr.write(`npm start: the Electron ${electronVersion} binary is missing; downloading it…\n`)
  const result = spawnSync(process.execPath, [join(electronPackage, 'install.js')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  if (result.status !== 0 || !electronPath()) {
    const reason =
      `${result.stderr ?? ''}${result.error?.message ?? ''}`
        .split('\n')
        .find((line) => line.trim() !== '' && !line.startsWith('    at ')) ?? `exit ${result.status}`
    noElectron(reason.trim().replace(/^\w*Error: /, ''))
  }
}

// better-sqlite3 is not N-API: Node (tests, CLI) and Electron need separate builds. Keep the
// Node build in node_modules and put the Electron build in native/electron, which the app loads
// through better-sqlite3's `nativeBinding` option.
const target = join(root, 'native/electron/better_sqlite3.node')
const stamp = join(root, 'native/electron/version')
if (!existsSync(target) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== electronVersion) {
  console.error(`Building better-sqlite3 for Electron ${electronVersion}…`)
  const work = mkdtempSync(join(tmpdir(), 'bsq-electron-'))
  cpSync(join(root, 'node_modules/better-sqlite3'), work, { recursive: true, filter: (p) => !p.includes('/build/') })
  const gyp = join(root, 'node_modules/node-gyp/bin/node-gyp.js')
  const result = spawnSync(
    process.execPath,
    [
      gyp,
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      '--dist-url=https://electronjs.org/headers',
      '--runtime=electron',
    ],
    { cwd: work, stdio: 'inherit' },
  )
  if (result.status !== 0) {
    console.error('Could not build better-sqlite3 for Electron (Electron headers unreachable?).')
    process.exit(1)
  }
  mkdirSync(join(root, 'native/electron'), { recursive: true })
  cpSync(join(work, 'build/Release/better_sqlite3.node'), target)
  writeFileSync(stamp, electronVersion)
}
