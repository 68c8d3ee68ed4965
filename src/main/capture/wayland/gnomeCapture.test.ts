// Real capture on a headless GNOME Shell (Wayland only, no X server): the first login finds no
// extension, installs it and says a new login is needed, inventing no window; the second login
// loads it, and the focused native Wayland window (zenity), its title, presence seconds from an
// injected key and the suggested entry all reach the database.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createManualClock } from '../../../../test/support/manualClock'
import { formatHealth } from '../../cli/commands/capture'
import { listEntries } from '../../store/entries'
import { listSignals } from '../../../../test/support/signalRows'
import { extensionsFolder, installExtensionFiles } from './gnomeExtension'
import { captureOn, MATTER_TITLE, presenceRecorded, sleep, waitFor } from '../../../../test/support/waylandCapture'
import { missingBinaries, startWaylandSession, type WaylandSession } from '../../../../test/support/waylandSession'

const missing = missingBinaries(['gnome-shell', 'dbus-daemon', 'zenity', 'unshare'])
if (missing) console.warn(`SKIPPED headless GNOME Shell capture tests: ${missing}`)

const dataHome = mkdtempSync(join(tmpdir(), 'gnome-data-'))
const dbDir = mkdtempSync(join(tmpdir(), 'gnome-capture-'))
afterAll(() => {
  rmSync(dataHome, { recursive: true, force: true })
  rmSync(dbDir, { recursive: true, force: true })
})

const idleMs = async (session: WaylandSession) => {
  const [ms] = await session.bus.call(
    'org.gnome.Mutter.IdleMonitor',
    '/org/gnome/Mutter/IdleMonitor/Core',
    'org.gnome.Mutter.IdleMonitor',
    'GetIdletime',
  )
  return Number(ms)
}

describe.skipIf(missing !== null)('capture on headless GNOME Shell (Wayland)', () => {
  it('first login: installs the extension, says a new login is needed, records presence only and invents no window', async () => {
    const session = await startWaylandSession('gnome-shell', dataHome)
    const core = captureOn(session, join(dbDir, 'first.db'))
    try {
      await session.openWindow(MATTER_TITLE)
      core.capture.start()
      await waitFor(core, 'window health', () => /needs a new login/u.test(core.health.get('window').reason ?? ''))
      expect(core.health.get('window')).toMatchObject({ state: 'off' })
      expect(core.health.get('window').reason).toMatch(
        /^GNOME Shell: needs a new login \(the BillOps extension is installed, but GNOME Shell has not loaded it; it loads at the next login\); capture is idle only until then/u,
      )
      await waitFor(core, 'presence source', () => core.health.get('input').state === 'ok')
      // what `billops capture` prints
      expect(formatHealth(core.health.list())).toMatch(/^input=ok window=off \(GNOME Shell: needs a new login \(/u)
      // installed for the next login, the build for this shell
      const metadata = JSON.parse(readFileSync(join(extensionsFolder(session.env), 'metadata.json'), 'utf8')) as {
        'shell-version': string[]
      }
      expect(metadata['shell-version']).toContain('43')

      await session.injectInput()
      await presenceRecorded(core, 'unknown', 0, session.injectInput)
      await core.capture.stop()
      const signals = listSignals(core.db)
      expect(signals.filter((row) => row.type === 'app_focus')).toEqual([])
      expect(signals.some((row) => row.title === MATTER_TITLE)).toBe(false)
      expect(new Set(signals.filter((row) => row.type === 'presence').map((row) => row.app))).toEqual(
        new Set(['unknown']),
      )
    } finally {
      await core.close()
      await session.close()
    }
  }, 90_000)

  it('next login: the extension is loaded; the focused zenity window, its title, presence and an entry reach the database', async () => {
    // what the first login installed (written here too, so this test also runs alone)
    const version = Number.parseInt(/\d+/u.exec(execFileSync('gnome-shell', ['--version']).toString())?.[0] ?? '', 10)
    installExtensionFiles(extensionsFolder({ XDG_DATA_HOME: dataHome }), version)
    const session = await startWaylandSession('gnome-shell', dataHome)
    const clock = createManualClock(Date.now())
    const core = captureOn(session, join(dbDir, 'second.db'), clock)
    try {
      await session.openWindow(MATTER_TITLE)
      core.capture.start()
      await waitFor(core, 'window source', () => core.health.get('window').state === 'ok')
      await waitFor(core, 'zenity in front', () => core.capture.status().front_app === 'zenity')

      await sleep(1_500) // idle for more than the presence watch's second
      expect(await idleMs(session)).toBeGreaterThanOrEqual(1_000)
      // Three minutes of work, a key every 90 s: the test moves capture's clock instead of
      // waiting (a suggestion needs two minutes of activity); every signal still comes from the
      // compositor when it happens.
      for (let press = 1; press <= 3; press++) {
        clock.advance(90_000)
        await session.injectInput()
        if (press === 1) {
          // Nothing else sent input since the idle time above passed a second, so only this key
          // can bring it back under one. The compositor queues injected input and may answer the
          // idle query before it handles the key, so the test waits for the reset.
          const deadline = Date.now() + 20_000
          while ((await idleMs(session)) >= 1_000) {
            if (Date.now() > deadline) throw new Error('the injected key never reset the compositor idle time')
            await sleep(50)
          }
        }
        await presenceRecorded(core, 'zenity', Math.floor(clock.now() / 1000), session.injectInput)
      }
      await core.capture.stop()

      const signals = listSignals(core.db)
      expect(signals).toContainEqual(
        expect.objectContaining({ app: 'zenity', type: 'app_focus', source_type: 'window', title: MATTER_TITLE }),
      )
      expect(signals.filter((row) => row.type === 'keyboard')).toEqual([]) // no counts exist on Wayland
      clock.advance(10 * 60_000) // the idle threshold has passed: the span is closed
      await core.suggest.processPending()
      const entries = listEntries(core.db)
      expect(entries.flatMap((entry) => entry.context_data.applications)).toContain('zenity')
    } finally {
      await core.close()
      await session.close()
    }
  }, 90_000)
})
