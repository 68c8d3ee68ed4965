// Real capture under Xvfb + openbox + xdotool: two windows of different classes, typed text and
// clicks in each, focus switches. Asserts what a user would check in the database: which apps,
// which types, how many events, and that the typed text is nowhere on disk or in the logs.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../core/createCore'
import { createStderrLogger } from '../core/logger'
import { listSignals } from '../store/signalRepository'
import { createPlatformSources } from './platformSources'
import { startXSession, type XSession } from './testing/xvfb'

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(what: string, condition: () => boolean, timeoutMs = 15_000) {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

function totals(core: Core) {
  const sums = new Map<string, number>()
  for (const row of listSignals(core.db)) sums.set(`${row.app}/${row.type}`, (sums.get(`${row.app}/${row.type}`) ?? 0) + row.count)
  return Object.fromEntries([...sums].sort())
}

describe('real capture under Xvfb', () => {
  it('records apps, types and counts of real input and never the typed text', async () => {
    const alpha = await session.openWindow('AlphaTerm', 'alpha notes')
    const beta = await session.openWindow('BetaTerm', 'beta notes')
    const dbPath = join(dir, 'capture.db')
    const logLines: string[] = []
    const core = createCore({
      dbPath,
      logger: createStderrLogger((line) => logLines.push(line)),
      captureSources: createPlatformSources('x11', 'linux', session.env),
      captureFlushIntervalMs: 60_000, // flushed explicitly below, so the WAL holds the data
    })
    try {
      await session.activate(beta)
      core.capture.start()
      await until('input and window sources', () => core.health.get('input').state === 'ok' && core.health.get('window').state === 'ok')

      const alphaSecret = 'correcthorsebatterystaple'
      const betaSecret = 'zyxwvutsrqponmlkjihgfedcba'
      await session.activate(alpha)
      await until('alpha in front', () => core.capture.status().front_app === 'alphaterm')
      await session.xdotool('type', '--delay', '15', alphaSecret)
      await session.xdotool('mousemove', '--window', alpha, '20', '20')
      await session.xdotool('click', '--repeat', '2', '--delay', '30', '1')
      await sleep(1_300) // the pointer is sampled once a second
      await session.xdotool('mousemove', '--window', alpha, '200', '90')
      await sleep(1_300)

      await session.activate(beta)
      await until('beta in front', () => core.capture.status().front_app === 'betaterm')
      await session.xdotool('type', '--delay', '15', betaSecret)
      await session.xdotool('mousemove', '--window', beta, '30', '30') // clicks go where the pointer is
      await session.xdotool('click', '--repeat', '3', '--delay', '30', '1')
      await session.xdotool('click', '--repeat', '2', '--delay', '30', '5') // wheel down
      await sleep(500) // let the last presses reach capture

      await session.activate(alpha)
      await until('alpha in front again', () => core.capture.status().front_app === 'alphaterm')
      core.capture.flush()

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
})
