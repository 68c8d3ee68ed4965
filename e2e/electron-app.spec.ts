// Launches the real Electron app where an Electron binary exists. On machines where Electron's
// binary cannot be downloaded (this project's build and CI machines) it reports itself skipped
// with the reason — never passed.
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

// Resolved the way electron's own index.js does it, without requiring it: requiring a missing
// binary makes the electron package try (and here, fail) to download it.
function electronBinary(): string | null {
  try {
    const dir = dirname(createRequire(__filename).resolve('electron/package.json'))
    const relative = readFileSync(join(dir, 'path.txt'), 'utf8').trim()
    const path = join(dir, 'dist', relative)
    return existsSync(path) ? path : null
  } catch {
    return null
  }
}

const binary = electronBinary()

test.describe('real Electron app', () => {
  test.skip(
    binary === null,
    'Electron binary is not installed here (its download is blocked); this spec runs where it exists',
  )

  test('starts to the tray and opens the review window with the preload bridge', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'billops-electron-'))
    const app = await electron.launch({ executablePath: binary!, args: ['.', `--user-data-dir=${userData}`] })
    try {
      const window = await app.firstWindow()
      await expect(window.getByTestId('app-status')).toContainText('awaiting review')
      // Context isolation and the sandbox: the page sees the bridge, and nothing of Node.
      const exposure = await window.evaluate(() => ({
        bridge: typeof (globalThis as { billops?: unknown }).billops,
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
      }))
      expect(exposure).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' })
    } finally {
      await app.close()
    }
  })
})
