// `npm start` on a machine without the Electron binary: one short paragraph saying what to do, no
// stack trace (scripts/ensure-electron.mjs). Downloads go to a closed local port, so the test is
// the same with or without internet access.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const script = join(process.cwd(), 'scripts/ensure-electron.mjs')
const electronVersion = (JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')) as { version: string })
  .version
const pathFile = 'node_modules/electron/path.txt'
const installed = existsSync(
  join('node_modules/electron/dist', existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron'),
)

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

function ensureElectron(env: NodeJS.ProcessEnv) {
  // from another folder: the script finds the checkout from its own path, not the working directory
  return spawnSync(process.execPath, [script], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  })
}

function expectOneParagraph(stderr: string) {
  expect(stderr).not.toMatch(/^\s+at /m)
  expect(stderr).not.toContain('TypeError')
  expect(stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH')
  expect(stderr.trimEnd().split('\n').at(-1)).toBe(
    'Without Electron, the same core runs on the command line: npm run cli -- --help',
  )
  expect(stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(8)
}

describe('npm start without Electron', () => {
  it('says what to do when ELECTRON_OVERRIDE_DIST_PATH holds no Electron', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-electron-'))
    const result = ensureElectron({ ELECTRON_OVERRIDE_DIST_PATH: empty })
    expect(result.status).toBe(1)
    expect(result.stderr.split('\n')[0]).toBe(
      `npm start: no Electron executable in ELECTRON_OVERRIDE_DIST_PATH (${empty}).`,
    )
    expectOneParagraph(result.stderr)
  })

  // Only where the binary is absent (this project's build machines): with it, nothing is downloaded.
  it.runIf(!installed)('says what to do when the download fails, with the reason in one line', async () => {
    const result = ensureElectron({
      ELECTRON_OVERRIDE_DIST_PATH: '',
      ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/`,
      electron_config_cache: mkdtempSync(join(tmpdir(), 'electron-cache-')),
    })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      `npm start: the Electron ${electronVersion} binary is not installed and could not be downloaded (`,
    )
    expectOneParagraph(result.stderr)
  })
})
