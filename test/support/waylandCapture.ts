// The capture side of the Wayland tests: a core recording from a headless session, waits that
// say what capture's health was when they time out, and the flow every desktop test shares.
import { expect } from 'vitest'
import { createCore, type Core } from '../../src/main/app/createCore'
import type { Clock } from '../../src/main/base/clock'
import { silentLogger } from '../../src/main/base/logger'
import { createPlatformSources } from '../../src/main/capture/platformSources'
import { listSignals } from './signalRows'
import { sleep, until } from './waitUntil'
import type { WaylandSession } from './waylandSession'

/** a window title as a lawyer's word processor shows it */
export const MATTER_TITLE = 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx'

export { sleep }

/** A core whose capture picks its backend from the session's environment, as the app does. */
export function captureOn(session: WaylandSession, dbPath: string, clock?: Clock): Core {
  return createCore({
    dbPath,
    clock,
    logger: silentLogger,
    captureSources: createPlatformSources('auto', 'linux', session.env),
    captureFlushIntervalMs: 60_000, // tests flush when they look
  })
}

/** `until`, failing with capture's health as well (what a source said when it did not start) */
export async function waitFor(core: Core, what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  await until(what, condition, timeoutMs).catch((error: unknown) => {
    throw new Error(`${String(error)}; capture health: ${JSON.stringify(core.health.list())}`)
  })
}

/**
 * Waits until a presence second of `app` at or after `fromTs` is written; `typing` (input once a
 * second, as a user who goes on typing) keeps a slow machine from missing a single key press.
 */
export async function presenceRecorded(
  core: Core,
  app: string,
  fromTs = 0,
  typing?: () => Promise<void>,
): Promise<void> {
  let lastInput = Date.now()
  await waitFor(core, `presence in ${app}`, () => {
    if (typing && Date.now() - lastInput >= 1_000) {
      lastInput = Date.now()
      void typing()
    }
    core.capture.flush()
    return listSignals(core.db, { fromTs }).some((row) => row.type === 'presence' && row.app === app)
  })
}

/**
 * Capture running: a zenity window opens and comes to front, the user is idle past presence's
 * 1 s, then input; asserts focus, title and presence reached the database and no count was
 * invented. Stops capture.
 */
export async function recordsZenityAndPresence(core: Core, session: WaylandSession): Promise<void> {
  await waitFor(core, 'window source', () => core.health.get('window').state === 'ok')
  await session.openWindow(MATTER_TITLE)
  await waitFor(core, 'zenity in front', () => core.capture.status().front_app === 'zenity')
  await waitFor(core, 'presence source', () => core.health.get('input').state === 'ok')
  await sleep(1_500)
  await session.injectInput()
  await presenceRecorded(core, 'zenity', 0, session.injectInput)
  await core.capture.stop()

  const signals = listSignals(core.db)
  const focus = signals.filter((row) => row.type === 'app_focus')
  expect(focus).toContainEqual(expect.objectContaining({ app: 'zenity', source_type: 'window', title: MATTER_TITLE }))
  expect(focus.every((row) => row.app === 'zenity')).toBe(true)
  expect(signals.filter((row) => row.type === 'keyboard')).toEqual([]) // no counts exist on Wayland
}
