// #23 under real capture (Xvfb + openbox + xdotool): a meeting-app window, quiet for longer than
// the idle threshold but shorter than the meeting threshold, is one meeting entry; the timeline
// draws the quiet stretch as a meeting, not as away, and the away prompt does not ask. The
// thresholds are the smallest the settings allow (idle 1 min, meeting idle 4 min), so the quiet
// stretch is real time: about 70 s.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { listEntries } from '../store/entries'
import { listSignals } from '../../../test/support/signalRows'
import { createPlatformSources } from './platformSources'
import { startXSession, type XSession } from '../../../test/support/xvfb'
import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract'
import { sleep, until } from '../../../test/support/waitUntil'

let session: XSession
let dir: string
beforeAll(async () => {
  session = await startXSession()
  dir = mkdtempSync(join(tmpdir(), 'real-meeting-'))
})
afterAll(async () => {
  await session?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function call<M extends MethodName>(core: Core, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await core.dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`)
  return result.value as MethodOutput<M>
}

describe('real capture: a quiet call (#23)', () => {
  it('stays one meeting entry, a meeting on the timeline, and no away prompt', async () => {
    const zoom = await session.openWindow('zoom', 'Zoom Meeting')
    const core = createCore({
      dbPath: join(dir, 'call.db'),
      logger: silentLogger,
      captureSources: createPlatformSources('x11', 'linux', session.env),
      captureFlushIntervalMs: 1_000, // capture's idle check runs with every flush
    })
    try {
      core.settings.update({ idle_threshold_minutes: 1, meeting_idle_threshold_minutes: 4 })
      await session.activate(zoom)
      const captureFrom = Date.now()
      core.capture.start()
      await until(
        'capture sources',
        () => core.health.get('input').state === 'ok' && core.health.get('window').state === 'ok',
      )
      await until('zoom in front', () => core.capture.status().front_app === 'zoom')

      const startedAt = Date.now()
      await session.xdotool('type', '--delay', '20', 'hello')
      // Listening: no input for longer than the idle threshold (1 min), shorter than the meeting threshold.
      await until(
        'capture to mark the quiet stretch idle',
        () => listSignals(core.db).some((row) => row.type === 'idle_start'),
        90_000,
      )
      await sleep(5_000)
      await session.xdotool('type', '--delay', '20', 'thanks')
      await sleep(1_200)
      await core.capture.stop()
      const endedAt = Date.now()

      await core.suggest.processPending()
      const entries = listEntries(core.db)
      expect(entries.map((e) => e.activity_type)).toEqual(['meeting'])
      const [entry] = entries
      // It starts with the window's focus signal (at capture's start) or the first key, never before.
      expect(Date.parse(entry!.started_at)).toBeGreaterThanOrEqual(Math.floor(captureFrom / 1000) * 1000)
      expect(Date.parse(entry!.started_at)).toBeLessThanOrEqual(startedAt + 1_000)
      expect(Date.parse(entry!.ended_at) - Date.parse(entry!.started_at)).toBeGreaterThan(60_000)

      const from = new Date(startedAt - 60_000).toISOString()
      const to = new Date(endedAt + 60_000).toISOString()
      const timeline = await call(core, 'timeline.day', { from, to })
      const kinds = timeline.activity.map((span) => span.kind)
      expect(kinds).toContain('meeting')
      expect(kinds).not.toContain('away')
      expect(await call(core, 'away.next', null)).toBeNull()
    } finally {
      await core.close()
    }
  }, 150_000)
})
