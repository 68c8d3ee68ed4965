// Issue #13: the timeline reads a bounded range; a request spanning years would scan every
// signal and entry in the database in one call.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { MAX_TIMELINE_RANGE_MS } from './timelineService'

describe('timeline range', () => {
  let dir: string
  let core: Core
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'billops-timeline-'))
    core = createCore({ dbPath: join(dir, 'app.sqlite'), logger: silentLogger })
  })
  afterEach(async () => {
    await core.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers a day (and a DST day of 25 hours)', async () => {
    expect(
      await core.dispatch('timeline.day', { from: '2024-10-27T00:00:00Z', to: '2024-10-28T01:00:00Z' }),
    ).toMatchObject({ ok: true })
  })

  it('refuses a range longer than the cap, or one that ends before it starts', async () => {
    expect(MAX_TIMELINE_RANGE_MS).toBeGreaterThanOrEqual(25 * 3600_000)
    const tooLong = await core.dispatch('timeline.day', { from: '2000-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' })
    expect(tooLong).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/range/) },
    })
    const backwards = await core.dispatch('timeline.day', { from: '2024-01-02T00:00:00Z', to: '2024-01-01T00:00:00Z' })
    expect(backwards).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})
