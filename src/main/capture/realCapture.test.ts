// Real capture under Xvfb + openbox + xdotool: two windows of different classes, typed text and
// clicks in each, focus switches. Asserts what a user would check in the database: which apps,
// which types, how many events, in which second, and that the typed text is nowhere on disk or in
// the logs. Nothing here depends on how fast the machine is: presses are read in one-second
// batches whenever they come, and credited by the server's own timestamps.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../app/createCore'
import { createStderrLogger } from '../base/logger'
import { listEntries } from '../store/entries'
import { listSignals } from '../../../test/support/signalRows'
import { createInProcessWorkerFactory } from '../../../test/support/inProcessWorker'
import { createWorkerLogic } from '../suggest/workerLogic'
import { createPlatformSources } from './platformSources'
import { startXSession, type XSession } from '../../../test/support/xvfb'
import { sleep, until } from '../../../test/support/waitUntil'

let session: XSession
let dir: string
beforeAll(async () => {
  session = await startXSession()
  dir = mkdtempSync(join(tmpdir(), 'real-capture-'))
})
afterAll(async () => {
  await session?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function captureCore(dbPath: string, logger = createStderrLogger(() => {})) {
  return createCore({
    dbPath,
    logger,
    captureSources: createPlatformSources('x11', 'linux', session.env),
    captureFlushIntervalMs: 60_000, // written on stop below, so the WAL holds the data
  })
}

async function startCapture(core: Core) {
  core.capture.start()
  await until(
    'input and window sources',
    () => core.health.get('input').state === 'ok' && core.health.get('window').state === 'ok',
  )
}

async function focus(core: Core, window: string, app: string) {
  await session.activate(window)
  await until(`${app} in front`, () => core.capture.status().front_app === app)
}

function totals(core: Core) {
  const sums = new Map<string, number>()
  for (const row of listSignals(core.db))
    sums.set(`${row.app}/${row.type}`, (sums.get(`${row.app}/${row.type}`) ?? 0) + row.count)
  return Object.fromEntries([...sums].sort())
}

describe('real capture under Xvfb', () => {
  it('records apps, types and counts of real input and never the typed text', async () => {
    const alpha = await session.openWindow('AlphaTerm', 'alpha notes')
    const beta = await session.openWindow('BetaTerm', 'beta notes')
    const dbPath = join(dir, 'capture.db')
    const logLines: string[] = []
    const core = captureCore(
      dbPath,
      createStderrLogger((line) => logLines.push(line)),
    )
    try {
      await session.activate(beta)
      await startCapture(core)

      const alphaSecret = 'correcthorsebatterystaple'
      const betaSecret = 'zyxwvutsrqponmlkjihgfedcba'
      await focus(core, alpha, 'alphaterm')
      await session.xdotool('type', '--delay', '15', alphaSecret)
      await session.xdotool('mousemove', '--window', alpha, '20', '20')
      await session.xdotool('click', '--repeat', '2', '--delay', '30', '1')
      await sleep(1_300) // the pointer is sampled once a second
      await session.xdotool('mousemove', '--window', alpha, '200', '90')
      await sleep(1_300)

      await focus(core, beta, 'betaterm')
      await session.xdotool('type', '--delay', '15', betaSecret)
      await session.xdotool('mousemove', '--window', beta, '30', '30') // clicks go where the pointer is
      await session.xdotool('click', '--repeat', '3', '--delay', '30', '1')
      await session.xdotool('click', '--repeat', '2', '--delay', '30', '5') // wheel down

      // The switch comes right after the last presses, before their batch is read.
      await focus(core, alpha, 'alphaterm')
      await core.capture.stop() // reads what the X server still holds and writes everything

      const byAppType = totals(core)
      expect(byAppType).toMatchObject({
        'alphaterm/app_focus': 2,
        'alphaterm/keyboard': alphaSecret.length,
        'alphaterm/mouse_click': 2,
        'betaterm/app_focus': 2, // in front at start (opened last), then once more
        'betaterm/keyboard': betaSecret.length,
        'betaterm/mouse_click': 3,
        'betaterm/mouse_scroll': 2,
      })
      expect(byAppType['alphaterm/mouse_move']).toBeGreaterThanOrEqual(1)
      expect(Object.keys(byAppType).every((key) => /^(alphaterm|betaterm|unknown)\//u.test(key))).toBe(true)
      const titles = new Set(listSignals(core.db).map((row) => `${row.app}:${row.title}`))
      expect(titles).toContain('alphaterm:alpha notes')
      expect(titles).toContain('betaterm:beta notes')

      // The typed text is in no file capture writes: database, its WAL, the log.
      expect(existsSync(`${dbPath}-wal`)).toBe(true)
      const onDisk = [readFileSync(dbPath), readFileSync(`${dbPath}-wal`)]
      for (const secret of [alphaSecret, betaSecret]) {
        for (const bytes of onDisk) expect(bytes.includes(secret)).toBe(false)
        expect(logLines.join('')).not.toContain(secret)
      }
    } finally {
      await core.close()
      // after the checkpoint on close, the main file is all there is
      expect(readFileSync(dbPath).includes('correcthorse')).toBe(false)
    }
  })

  it('keeps keys typed right before a click on the desktop or a switch with the window they were typed in, in their own second', async () => {
    const gamma = await session.openWindow('GammaTerm', 'gamma notes')
    const delta = await session.openWindow('DeltaTerm', 'delta notes')
    const core = captureCore(join(dir, 'switch.db'))
    try {
      await startCapture(core)
      await focus(core, gamma, 'gammaterm')
      const typedFrom = Date.now()
      await session.xdotool('type', '--delay', '15', 'abcdefgh')
      const typedUntil = Date.now()
      // Straight to the desktop: openbox leaves no window in front.
      await session.xdotool('mousemove', '1200', '780', 'click', '1')
      await until('nothing in front', () => core.capture.status().front_app === 'unknown')
      await session.xdotool('type', '--delay', '15', 'xyz') // goes to no window
      await focus(core, delta, 'deltaterm')
      await session.xdotool('type', '--delay', '15', 'qwerty')
      await sleep(1_100) // so that the last two keys fall in a later second than the first eight
      await focus(core, gamma, 'gammaterm')
      await session.xdotool('type', '--delay', '15', 'zz')
      await core.capture.stop()

      const byAppType = totals(core)
      expect(byAppType['gammaterm/keyboard']).toBe(8 + 2)
      expect(byAppType['unknown/keyboard']).toBe(3)
      expect(byAppType['deltaterm/keyboard']).toBe(6)
      // The click on the desktop happened while gamma was in front (it is what moved focus away).
      expect((byAppType['gammaterm/mouse_click'] ?? 0) + (byAppType['unknown/mouse_click'] ?? 0)).toBe(1)
      // Gamma's first eight keys are stored in the seconds they were typed in, not when read.
      const gammaKeys = listSignals(core.db).filter((row) => row.app === 'gammaterm' && row.type === 'keyboard')
      const typedIn = (row: { ts: number }) =>
        row.ts >= Math.floor(typedFrom / 1000) && row.ts <= Math.floor(typedUntil / 1000)
      expect(gammaKeys.filter(typedIn).reduce((sum, row) => sum + row.count, 0)).toBe(8)
    } finally {
      await core.close()
    }
  })

  it('credits every key to the right window when the user switches between two windows every 300 ms while typing', async () => {
    const received = { left: join(dir, 'left.txt'), right: join(dir, 'right.txt') }
    const left = await session.openWindow('LeftTerm', 'left', received.left)
    const right = await session.openWindow('RightTerm', 'right', received.right)
    const core = captureCore(join(dir, 'rapid.db'))
    try {
      await session.activate(right)
      await startCapture(core)
      const typed = { leftterm: 0, rightterm: 0 }
      for (let round = 0; round < 12; round++) {
        const [window, app] = round % 2 === 0 ? [left, 'leftterm' as const] : [right, 'rightterm' as const]
        const phaseEnd = Date.now() + 300
        await session.activate(window)
        // type in bursts until the 300 ms are up, then switch at once
        let keys = 0
        do {
          await session.xdotool('type', '--delay', '10', 'asdf')
          keys += 4
        } while (Date.now() < phaseEnd)
        typed[app] += keys
      }
      await core.capture.stop()

      // what each window really received (its terminal wrote every byte to a file)
      const got = {
        leftterm: readFileSync(received.left).length,
        rightterm: readFileSync(received.right).length,
      }
      expect(got).toEqual(typed)
      const byAppType = totals(core)
      expect({ leftterm: byAppType['leftterm/keyboard'], rightterm: byAppType['rightterm/keyboard'] }).toEqual(got)
      expect(byAppType['unknown/keyboard']).toBeUndefined()
      expect(byAppType['leftterm/app_focus']).toBe(6)
      expect(byAppType['rightterm/app_focus']).toBe(1 + 6) // in front at start, then six times
    } finally {
      await core.close()
    }
  })
})

describe('real capture under Xvfb with a matter list (#30)', () => {
  it('a window titled with a matter number gives a pending entry with that matter and the reason', async () => {
    const title = 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx'
    const word = await session.openWindow('LibreOfficeWriter', title)
    const core = createCore({
      dbPath: join(dir, 'matter.db'),
      logger: createStderrLogger(() => {}),
      captureSources: createPlatformSources('x11', 'linux', session.env),
      captureFlushIntervalMs: 60_000,
      suggestWorkerFactory: createInProcessWorkerFactory(createWorkerLogic),
    })
    try {
      const imported = await core.dispatch('matters.import', {
        text: 'Matter Number,Matter Name,Client\n2024-0117,Smith v Jones,Smith Holdings LLC\n',
      })
      expect(imported.ok).toBe(true)
      await session.activate(word)
      await startCapture(core)
      await focus(core, word, 'libreofficewriter')
      // a suggestion in the queue lasts at least a minute (HOST_MIN_ENTRY_MS): type, wait, type
      await session.xdotool('type', '--delay', '20', 'draft')
      await sleep(61_000)
      await session.xdotool('type', '--delay', '20', 'more')
      await core.capture.stop()
      await core.suggest.processPending()
      const [entry] = listEntries(core.db)
      expect(entry).toMatchObject({
        status: 'pending',
        project_id: '2024-0117-smith-v-jones',
        client_id: 'smith-holdings-llc',
      })
      expect(entry?.context_data.suggestion_reason).toBe(`Matter 2024-0117 in '${title}'`)
    } finally {
      await core.close()
    }
  }, 120_000)
})
