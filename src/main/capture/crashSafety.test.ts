// Crash safety: a real capture process (the CLI, under Xvfb) is killed with SIGKILL mid-run, again
// and again on the same database. Every key typed longer ago than the flush interval (plus the
// 1 s read batch of the X11 source and a delivery allowance for a loaded machine) must be in the
// database after each kill, no key may be counted twice, and PRAGMA integrity_check must stay ok.
import BetterSqlite3 from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleCli, waitForStderr, type BundledCli } from '../../../test/support/bundleCli'
import { startXSession, type XSession } from '../../../test/support/xvfb'

const FLUSH_MS = 250
/** the X11 source reads key presses in 1 s batches (one wake-up a second instead of one per key) */
const READ_BATCH_MS = 1_000
/** time for a key to travel X server → capture and for a late timer on a busy 2-core machine */
const DELIVERY_ALLOWANCE_MS = 750
const LANES = 2
const KILLS_PER_LANE = 10

let dir: string
let cli: BundledCli
const sessions: XSession[] = []
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crash-'))
  cli = await bundleCli()
})
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()))
  cli?.remove()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function inspect(dbPath: string): { keys: number; integrity: string } {
  const db = new BetterSqlite3(dbPath)
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string
    const keys = (
      db
        .prepare(
          "SELECT coalesce(sum(count), 0) AS n FROM signals JOIN signal_kinds ON code = kind WHERE type = 'keyboard'",
        )
        .get() as { n: number }
    ).n
    return { keys, integrity }
  } finally {
    db.close()
  }
}

interface CycleResult {
  mustHave: number
  typed: number
  gained: number
  integrity: string
}

async function runLane(lane: number): Promise<CycleResult[]> {
  const session = await startXSession()
  sessions.push(session)
  const window = await session.openWindow(`CrashTerm${lane}`, 'crash test')
  await session.activate(window)
  const dbPath = join(dir, `lane${lane}.db`)
  const results: CycleResult[] = []
  let before = 0
  for (let kill = 0; kill < KILLS_PER_LANE; kill++) {
    const child = spawn(
      process.execPath,
      [cli.path, 'capture', '--db', dbPath, '--flush-interval-ms', String(FLUSH_MS)],
      {
        env: session.env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    await waitForStderr(child, /input=ok/u, 'capture')
    const chunks: { at: number; keys: number }[] = []
    const typingMs = 2_500 + Math.random() * 1_000
    const startedAt = Date.now()
    while (Date.now() - startedAt < typingMs) {
      await session.xdotool('type', '--delay', '8', 'abcdefgh')
      chunks.push({ at: Date.now(), keys: 8 })
    }
    await sleep(Math.random() * 400)
    const killedAt = Date.now()
    child.kill('SIGKILL')
    await exited
    const after = inspect(dbPath)
    results.push({
      mustHave: chunks
        .filter((c) => c.at <= killedAt - FLUSH_MS - READ_BATCH_MS - DELIVERY_ALLOWANCE_MS)
        .reduce((n, c) => n + c.keys, 0),
      typed: chunks.reduce((n, c) => n + c.keys, 0),
      gained: after.keys - before,
      integrity: after.integrity,
    })
    before = after.keys
  }
  return results
}

describe('crash safety of capture', () => {
  it(`loses no signal older than the flush interval over ${LANES * KILLS_PER_LANE} SIGKILLs`, async () => {
    const lanes = await Promise.all(Array.from({ length: LANES }, (_, lane) => runLane(lane)))
    const cycles = lanes.flat()
    expect(cycles).toHaveLength(LANES * KILLS_PER_LANE)
    for (const cycle of cycles) {
      expect(cycle.integrity).toBe('ok')
      expect(cycle.gained).toBeGreaterThanOrEqual(cycle.mustHave)
      expect(cycle.gained).toBeLessThanOrEqual(cycle.typed)
    }
    // the kills really happened mid-typing with data at stake
    expect(cycles.filter((c) => c.mustHave > 0).length).toBeGreaterThanOrEqual(LANES * KILLS_PER_LANE - 2)
  }, 150_000)
})
