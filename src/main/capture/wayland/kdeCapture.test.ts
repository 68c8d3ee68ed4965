// Real capture on a headless KWin (Wayland only): our KWin script reports the focused native
// Wayland window (zenity) and its title changes, and is unloaded again when capture stops.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../../app/createCore'
import { silentLogger } from '../../base/logger'
import { listSignals } from '../../store/signals'
import { createPlatformSources } from '../platformSources'
import { missingBinaries, startWaylandSession } from '../../../../test/support/waylandSession'

const TITLE = 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx'
const missing = missingBinaries(['kwin_wayland', 'dbus-daemon', 'zenity', 'unshare'])
if (missing) console.warn(`SKIPPED headless KWin capture tests: ${missing}`)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
async function until(what: string, condition: () => boolean, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'kwin-capture-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(missing !== null)('capture on headless KWin (Wayland)', () => {
  it('records the focused zenity window and its title through a KWin script, records presence from ext-idle-notify-v1 after a key, and unloads the script on stop', async () => {
    const session = await startWaylandSession('kwin', join(dir, 'data'))
    const core = createCore({
      dbPath: join(dir, 'kwin.db'),
      logger: silentLogger,
      captureSources: createPlatformSources('auto', 'linux', session.env),
      captureFlushIntervalMs: 60_000,
    })
    const scriptLoaded = async () => {
      const [loaded] = await session.bus.call('org.kde.KWin', '/Scripting', 'org.kde.kwin.Scripting', 'isScriptLoaded', 's', [`billops-focus-${process.pid}`])
      return loaded
    }
    try {
      core.capture.start()
      await until('window source', () => core.health.get('window').state === 'ok')
      expect(await scriptLoaded()).toBe(true)
      await session.openWindow(TITLE)
      await until('zenity in front', () => core.capture.status().front_app === 'zenity')
      await until('presence source', () => core.health.get('input').state === 'ok')
      await sleep(1_500) // idle past the 1 s presence timeout, then a key
      await session.injectInput()
      await until('presence recorded', () => {
        core.capture.flush()
        return listSignals(core.db).some((row) => row.type === 'presence' && row.app === 'zenity')
      })
      await core.capture.stop()
      expect(await scriptLoaded()).toBe(false)

      const focus = listSignals(core.db).filter((row) => row.type === 'app_focus')
      expect(focus).toContainEqual(expect.objectContaining({ app: 'zenity', source_type: 'window', title: TITLE }))
      expect(focus.every((row) => row.app === 'zenity')).toBe(true)
      expect(listSignals(core.db).filter((row) => row.type === 'keyboard')).toEqual([]) // no counts on Wayland
    } finally {
      await core.close()
      await session.close()
    }
  }, 60_000)
})
