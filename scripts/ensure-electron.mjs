#!/usr/bin/env node
// Before `npm start` / `npm run dev`: make sure the Electron binary and an Electron-ABI build of
// better-sqlite3 exist. npm does not run Electron's download script by default (allowScripts), and
// on machines without internet access it cannot: say so plainly instead of failing obscurely.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const require = createRequire(import.meta.url)
const root = process.cwd()

function electronPath() {
  try {
    const path = require('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

if (!electronPath()) {
  console.error('Electron binary missing: downloading it (node node_modules/electron/install.js)…')
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron/install.js')], { stdio: 'inherit' })
  if (result.status !== 0 || !electronPath()) {
    console.error('Could not download Electron. This machine may have no access to its release server; the CLI, tests and browser e2e run without it.')
    process.exit(1)
  }
}

// better-sqlite3 is not N-API: Node (tests, CLI) and Electron need separate builds. Keep the
// Node build in node_modules and put the Electron build in native/electron, which the app loads
// through better-sqlite3's `nativeBinding` option.
const target = join(root, 'native/electron/better_sqlite3.node')
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version
const stamp = join(root, 'native/electron/version')
if (!existsSync(target) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== electronVersion) {
  console.error(`Building better-sqlite3 for Electron ${electronVersion}…`)
  const work = mkdtempSync(join(tmpdir(), 'bsq-electron-'))
  cpSync(join(root, 'node_modules/better-sqlite3'), work, { recursive: true, filter: (p) => !p.includes('/build/') })
  const gyp = join(root, 'node_modules/node-gyp/bin/node-gyp.js')
  const result = spawnSync(
    process.execPath,
    [gyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
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
