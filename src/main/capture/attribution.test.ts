// Input is credited by the time it happened: to the window in front then, into that second, even
// when the source delivers it later than a focus change (X11 batches) or the window source reports
// a switch later than it happened (polling).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../../../test/support/manualClock'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { listSignals } from '../../../test/support/signalRows'
import { createFocusTimeline, FOCUS_HISTORY_MS } from './focusTimeline'
import { createFakeInput, createFakeWindow } from '../../../test/support/fakeSources'
import type { CaptureSources } from './types'

const START = Date.parse('2026-03-02T09:00:00Z')
const T0 = START / 1000

let cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  cleanups = []
})

function setup(sources: CaptureSources) {
  const dir = mkdtempSync(join(tmpdir(), 'attribution-'))
  const clock = createManualClock(START)
  const core: Core = createCore({
    dbPath: join(dir, 'db.sqlite'),
    clock,
    logger: silentLogger,
    captureSources: sources,
  })
  cleanups.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => core.close(),
  )
  return { core, clock }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))
const inputRows = (core: Core) =>
  listSignals(core.db)
    .filter((row) => row.type !== 'app_focus')
    .map(({ ts, app, type, count }) => ({ ts: ts - T0, app, type, count }))
const focusRows = (core: Core) =>
  listSignals(core.db)
    .filter((row) => row.type === 'app_focus')
    .map(({ ts, app }) => ({ ts: ts - T0, app }))

describe('attribution by event time', () => {
  it('credits presses delivered in a batch after the focus change to the window they were typed in, in their own second', async () => {
    const input = createFakeInput()
    const window = createFakeWindow({ owner: 'Code', title: 'main.ts' })
    const { core, clock } = setup({ input, window })
    core.capture.start()
    await settle()
    // Typing in Code from 1.2 s to 2.9 s, a switch to Chrome at 2.95 s, typing there until 3.4 s;
    // the batch holding all of it is read at 3.5 s, after the switch was reported.
    window.focus({ owner: 'Google Chrome', title: 'Docs' }, START + 2_950)
    clock.advance(3_500)
    input.emit('keyboard', 4, START + 1_200)
    input.emit('keyboard', 3, START + 2_900)
    input.emit('mouse_click', 1, START + 2_940)
    input.emit('keyboard', 2, START + 3_100)
    input.emit('keyboard', 1, START + 3_400)
    core.capture.flush()
    expect(inputRows(core)).toEqual([
      { ts: 1, app: 'vscode', type: 'keyboard', count: 4 },
      { ts: 2, app: 'vscode', type: 'keyboard', count: 3 },
      { ts: 2, app: 'vscode', type: 'mouse_click', count: 1 },
      { ts: 3, app: 'chrome', type: 'keyboard', count: 3 },
    ])
    // the focus signal is dated when the switch happened, not when it was reported
    expect(focusRows(core)).toEqual([
      { ts: 0, app: 'vscode' },
      { ts: 2, app: 'chrome' },
    ])
  })

  it('keeps input typed before focus went to the desktop with its app; only input while nothing is in front is unknown', async () => {
    const input = createFakeInput()
    const window = createFakeWindow({ owner: 'word', title: 'Brief.docx' })
    const { core, clock } = setup({ input, window })
    core.capture.start()
    await settle()
    window.focus(null, START + 1_500) // the desktop was clicked
    window.focus({ owner: 'word', title: 'Brief.docx' }, START + 2_500)
    clock.advance(3_000)
    input.emit('keyboard', 5, START + 1_400)
    input.emit('keyboard', 2, START + 1_900)
    input.emit('keyboard', 1, START + 2_600)
    core.capture.flush()
    expect(inputRows(core)).toEqual([
      { ts: 1, app: 'unknown', type: 'keyboard', count: 2 },
      { ts: 1, app: 'word', type: 'keyboard', count: 5 },
      { ts: 2, app: 'word', type: 'keyboard', count: 1 },
    ])
  })

  it('holds input newer than what the window source has reported until it catches up', async () => {
    const input = createFakeInput()
    const window = createFakeWindow({ owner: 'Code', title: 'main.ts' })
    const { core, clock } = setup({ input, window })
    core.capture.start()
    await settle()
    // The source has seen everything up to 1.0 s; a switch at 1.2 s is still being read.
    window.setSettledUntil(START + 1_000)
    clock.advance(1_500)
    input.emit('keyboard', 3, START + 1_400)
    expect(core.capture.status().buffered_signals).toBe(1) // only the start-up focus signal
    window.setSettledUntil(START + 1_500)
    window.focus({ owner: 'Slack', title: 'general' }, START + 1_200)
    core.capture.flush()
    expect(inputRows(core)).toEqual([{ ts: 1, app: 'slack', type: 'keyboard', count: 3 }])
  })

  it('writes held input on an explicit flush even when the window source never catches up', async () => {
    const input = createFakeInput()
    const window = createFakeWindow({ owner: 'Code', title: 'main.ts' })
    const { core, clock } = setup({ input, window })
    core.capture.start()
    await settle()
    window.setSettledUntil(START)
    clock.advance(800)
    input.emit('keyboard', 2)
    core.capture.flush()
    expect(inputRows(core)).toEqual([{ ts: 0, app: 'vscode', type: 'keyboard', count: 2 }])
  })

  it('credits input from before private mode was switched off as private', async () => {
    const input = createFakeInput()
    const window = createFakeWindow({ owner: 'Signal', title: 'chat' })
    const { core, clock } = setup({ input, window })
    core.settings.update({ private_mode: true })
    core.capture.start()
    await settle()
    clock.advance(2_000)
    core.settings.update({ private_mode: false })
    core.capture.refresh()
    input.emit('keyboard', 4, START + 1_500) // typed while private, delivered after
    input.emit('keyboard', 1)
    core.capture.flush()
    expect(inputRows(core)).toEqual([
      { ts: 1, app: 'private', type: 'keyboard', count: 4 },
      { ts: 2, app: 'signal', type: 'keyboard', count: 1 },
    ])
  })
})

describe('focus timeline', () => {
  it('answers what was in front at any time of the last minute', () => {
    const timeline = createFocusTimeline('none')
    timeline.set(1_000, 'a')
    timeline.set(2_000, 'b')
    timeline.set(2_000, 'c') // two changes in one millisecond: the later report wins
    expect([timeline.at(999), timeline.at(1_000), timeline.at(1_999), timeline.at(2_000), timeline.at(9_000)]).toEqual([
      'none',
      'a',
      'a',
      'c',
      'c',
    ])
    expect(timeline.latest()).toBe('c')
  })

  it('forgets history older than a minute but always knows what came before the oldest change it keeps', () => {
    const timeline = createFocusTimeline('none')
    for (let i = 1; i <= 200; i++) timeline.set(i * 1_000, `w${i}`)
    const horizon = 200 - FOCUS_HISTORY_MS / 1_000 // w140, set one minute before the newest
    expect(timeline.at(horizon * 1_000 + 500)).toBe(`w${horizon}`)
    expect(timeline.at(horizon * 1_000 - 500)).toBe(`w${horizon - 1}`)
    expect(timeline.at(5_000)).toBe(`w${horizon - 1}`) // older history is gone
  })

  it('counts a change reported out of order from the newest entry on', () => {
    const timeline = createFocusTimeline('none')
    timeline.set(5_000, 'a')
    timeline.set(4_000, 'b')
    expect([timeline.at(4_500), timeline.at(5_000)]).toEqual(['none', 'b'])
  })
})
