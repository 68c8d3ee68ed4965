// Real capture on a headless KWin (Wayland only): our KWin script reports the focused native
// Wayland window (zenity) and its title, presence comes from ext-idle-notify-v1 after a key
// injected through KWin's fake-input protocol, and the script is unloaded when capture stops.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { captureOn, recordsZenityAndPresence, waitFor } from '../../../../test/support/waylandCapture'
import { missingBinaries, startWaylandSession } from '../../../../test/support/waylandSession'

const missing = missingBinaries(['kwin_wayland', 'dbus-daemon', 'zenity', 'unshare'])
if (missing) console.warn(`SKIPPED headless KWin capture tests: ${missing}`)

const dir = mkdtempSync(join(tmpdir(), 'kwin-capture-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(missing !== null)('capture on headless KWin (Wayland)', () => {
  it('records the focused zenity window and its title through a KWin script, presence after a key, and unloads the script on stop', async () => {
    const session = await startWaylandSession('kwin', join(dir, 'data'))
    const core = captureOn(session, join(dir, 'kwin.db'))
    const scriptLoaded = async () => {
      const [loaded] = await session.bus.call(
        'org.kde.KWin',
        '/Scripting',
        'org.kde.kwin.Scripting',
        'isScriptLoaded',
        's',
        [`billops-focus-${process.pid}`],
      )
      return loaded
    }
    try {
      core.capture.start()
      await waitFor(core, 'window source', () => core.health.get('window').state === 'ok')
      expect(await scriptLoaded()).toBe(true)
      await recordsZenityAndPresence(core, session)
      expect(await scriptLoaded()).toBe(false)
    } finally {
      await core.close()
      await session.close()
    }
  }, 60_000)
})
