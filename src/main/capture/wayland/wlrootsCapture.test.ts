// Real capture on a headless sway (wlroots, Wayland only): wlr-foreign-toplevel-management tells
// the focused native Wayland window (zenity) and its title; presence comes from the idle protocol
// sway offers (org_kde_kwin_idle on sway 1.7, ext-idle-notify-v1 from 1.9).
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
const missing = missingBinaries(['sway', 'setpriv', 'dbus-daemon', 'zenity'])
if (missing) console.warn(`SKIPPED headless sway capture tests: ${missing}`)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
async function until(what: string, condition: () => boolean, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'sway-capture-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(missing !== null)('capture on headless sway (wlroots, Wayland)', () => {
  it('records the focused zenity window and its title, and presence after pointer motion', async () => {
    const session = await startWaylandSession('sway', join(dir, 'data'))
    const core = createCore({
      dbPath: join(dir, 'sway.db'),
      logger: silentLogger,
      captureSources: createPlatformSources('auto', 'linux', session.env),
      captureFlushIntervalMs: 60_000,
    })
    try {
      core.capture.start()
      await until('window source', () => core.health.get('window').state === 'ok')
      await session.openWindow(TITLE)
      await until('zenity in front', () => core.capture.status().front_app === 'zenity')
      await until('presence source', () => core.health.get('input').state === 'ok').catch((error: unknown) => {
        throw new Error(`${String(error)}; capture health: ${JSON.stringify(core.health.list())}`)
      })
      await sleep(1_500) // idle past the 1 s presence timeout, then input
      await session.injectInput()
      await until('presence recorded', () => {
        core.capture.flush()
        return listSignals(core.db).some((row) => row.type === 'presence' && row.app === 'zenity')
      })
      await core.capture.stop()

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
