// Expansion runs in a worker thread (#23): while a busy calendar (30 daily series since 2015) is
// expanded for ten years, the main thread keeps turning — the app's window and capture never wait.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { silentLogger } from '../base/logger'
import { hugeCalendar } from '../../../test/support/hugeCalendar'
import { createCore, type Core } from './createCore'

let core: Core | null = null
afterEach(async () => core?.close())

describe('a busy calendar', () => {
  it('is expanded off the main thread: the event loop keeps turning while ten years are expanded', async () => {
    // The default worker factory: the real worker thread (TypeScript source through tsx).
    core = createCore({
      dbPath: join(mkdtempSync(join(tmpdir(), 'billops-calendar-thread-')), 'db.sqlite'),
      logger: silentLogger,
    })
    const added = await core.dispatch('calendar.addFile', { name: 'busy.ics', text: hugeCalendar(30), my_emails: [] })
    expect(added).toMatchObject({ ok: true, value: { contents: { events: 30, open_ended: true } } })

    let turns = 0
    let expanding = true
    const spin = () => {
      turns++
      if (expanding) setImmediate(spin)
    }
    setImmediate(spin)
    await core.calendar.ensureRange(Date.parse('2015-01-01T00:00:00Z'), Date.parse('2025-01-01T00:00:00Z'))
    expanding = false
    // On the main thread the loop would turn once or twice; in a worker it turns while the worker works.
    expect(turns).toBeGreaterThan(20)
    const day = await core.calendar.laneEvents(Date.parse('2024-06-05T00:00:00Z'), Date.parse('2024-06-06T00:00:00Z'))
    const [source] = core.calendar.list()
    // Either every series is there for that Wednesday, or the budget cut it short and says so.
    if (source?.expansion_cut_short === 0) expect(day.length).toBeGreaterThanOrEqual(20)
    else expect(source?.expansion_cut_short).toBeGreaterThan(0)
  })
})
