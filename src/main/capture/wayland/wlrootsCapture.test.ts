// Real capture on a headless sway (wlroots, Wayland only): wlr-foreign-toplevel-management tells
// the focused native Wayland window (zenity) and its title; presence comes from the idle protocol
// sway offers (org_kde_kwin_idle on sway 1.7, ext-idle-notify-v1 from 1.9).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, it } from 'vitest'
import { captureOn, recordsZenityAndPresence } from '../../../../test/support/waylandCapture'
import { missingBinaries, startWaylandSession } from '../../../../test/support/waylandSession'

const missing = missingBinaries(['sway', 'setpriv', 'dbus-daemon', 'zenity'])
if (missing) console.warn(`SKIPPED headless sway capture tests: ${missing}`)

const dir = mkdtempSync(join(tmpdir(), 'sway-capture-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(missing !== null)('capture on headless sway (wlroots, Wayland)', () => {
  it('records the focused zenity window and its title, and presence after pointer motion', async () => {
    const session = await startWaylandSession('sway', join(dir, 'data'))
    const core = captureOn(session, join(dir, 'sway.db'))
    try {
      core.capture.start()
      await recordsZenityAndPresence(core, session)
    } finally {
      await core.close()
      await session.close()
    }
  }, 60_000)
})
