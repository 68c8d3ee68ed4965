// Capture figures (#3, #10): CPU of a real capture process under xdotool load, presses credited to
// the wrong window when the user switches every 300 ms while typing, bytes on disk per hour of
// active use, and the time to flush 100,000 buffered signals.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import BetterSqlite3 from 'better-sqlite3'
import { bundleCli, type BundledCli } from '../test/support/bundleCli'
import { createFakeInput, createFakeWindow } from '../test/support/fakeSources'
import { startXSession, type XSession } from '../test/support/xvfb'
import { createManualClock } from '../test/support/manualClock'
import { createCore } from '../src/main/app/createCore'
import { silentLogger } from '../src/main/base/logger'
import type { Benchmark } from './types'

const LOAD_SECONDS = 60
const KEYS_PER_SECOND = 20
const MOVES_PER_SECOND = 60
const CLOCK_TICKS = 100 // USER_HZ on Linux
const WARM_UP_MS = 15_000

/** utime + stime of the process, plus those of its reaped children (get-windows' xprop calls). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]))
  return ((utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0)) / CLOCK_TICKS
}

/**
 * Bytes of the database's pages in use once the WAL is copied into it (works while capture has
 * it open). Pages, not file size: a fresh file has free pages (tables the migrations replaced)
 * that a short run fills before the file grows.
 */
function checkpointedBytes(path: string): number {
  const db = new BetterSqlite3(path)
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
    const pages =
      (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number)
    return pages * (db.pragma('page_size', { simple: true }) as number)
  } finally {
    db.close()
  }
}

const dbBytes = (path: string) =>
  ['', '-wal', '-shm'].reduce((n, suffix) => n + (statSync(path + suffix, { throwIfNoEntry: false })?.size ?? 0), 0)

const runTool = (child: ChildProcess) => new Promise<void>((resolve) => child.once('exit', () => resolve()))

/** Starts the bundled CLI's `capture` under the X session; resolves once input and window are ok. */
async function startCaptureProcess(
  session: XSession,
  cliPath: string,
  dbPath: string,
  backend: 'x11' | 'hooks',
  seconds: number,
) {
  const capture = spawn(
    process.execPath,
    [cliPath, 'capture', '--db', dbPath, '--backend', backend, '--duration', String(seconds)],
    {
      env: session.env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  const exited = runTool(capture)
  await new Promise<void>((resolve, reject) => {
    let stderr = ''
    capture.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (/input=ok/u.test(stderr) && /window=ok/u.test(stderr)) resolve()
    })
    capture.once('exit', () => reject(new Error(`capture exited: ${stderr}`)))
  })
  return { capture, exited }
}

interface LoadRun {
  cpuPercent: number
  startupCpu: number
  seconds: number
  keysRecorded: number
  movesSent: number
  bytesWritten: number
}

/** A temp folder, a private X session and the bundled CLI for one real-capture run. */
async function inXSession<T>(run: (dir: string, session: XSession, cliPath: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'capture-bench-'))
  const session = await startXSession()
  let cli: BundledCli | null = null
  try {
    cli = await bundleCli()
    return await run(dir, session, cli.path)
  } finally {
    await session.close()
    cli?.remove()
    rmSync(dir, { recursive: true, force: true })
  }
}

function captureUnderLoad(backend: 'x11' | 'hooks'): Promise<LoadRun> {
  return inXSession(async (dir, session, cliPath) => {
    // a title as long as real ones: every input row carries it
    const window = await session.openWindow('BenchTerm', 'captureService.ts — billops-tracker — Visual Studio Code')
    await session.activate(window)
    const dbPath = join(dir, 'capture.db')
    const { capture, exited } = await startCaptureProcess(session, cliPath, dbPath, backend, LOAD_SECONDS + 90)
    // Capture runs all day: measure the steady state, after start-up (module load, JIT) settled.
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS))
    const startupCpu = cpuSeconds(capture.pid as number)
    const bytesBefore = checkpointedBytes(dbPath)
    const text = 'abcdefghijklmnopqrstuvwxyz'
      .repeat(Math.ceil((KEYS_PER_SECOND * LOAD_SECONDS) / 26))
      .slice(0, KEYS_PER_SECOND * LOAD_SECONDS)
    const moves: string[] = []
    for (let i = 0; i < MOVES_PER_SECOND * LOAD_SECONDS; i++) {
      moves.push(
        'mousemove',
        String(200 + ((i * 37) % 800)),
        String(150 + ((i * 53) % 500)),
        'sleep',
        (1 / MOVES_PER_SECOND - 0.0015).toFixed(4),
      )
    }
    const cpuStart = cpuSeconds(capture.pid as number)
    const wallStart = performance.now()
    const typing = spawn('xdotool', ['type', '--delay', String(1000 / KEYS_PER_SECOND), text], {
      env: session.env,
      stdio: 'ignore',
    })
    const moving = spawn('xdotool', moves, { env: session.env, stdio: 'ignore' })
    await Promise.all([runTool(typing), runTool(moving)])
    const seconds = (performance.now() - wallStart) / 1000
    const cpu = cpuSeconds(capture.pid as number) - cpuStart
    capture.kill('SIGTERM') // flushes before exit
    await exited
    const db = new BetterSqlite3(dbPath, { readonly: true })
    const keysRecorded = (
      db
        .prepare(
          "SELECT coalesce(sum(count), 0) AS n FROM signals JOIN signal_kinds ON signal_kinds.code = signals.kind WHERE signal_kinds.type = 'keyboard'",
        )
        .get() as { n: number }
    ).n
    db.close()
    return {
      cpuPercent: (cpu / seconds) * 100,
      startupCpu,
      seconds,
      keysRecorded,
      movesSent: MOVES_PER_SECOND * LOAD_SECONDS,
      bytesWritten: checkpointedBytes(dbPath) - bytesBefore,
    }
  })
}

function cpuResult(run: LoadRun, backend: string) {
  return {
    value: Number(run.cpuPercent.toFixed(2)),
    unit: '% of one core',
    met: run.cpuPercent < 1,
    detail:
      `${backend}; capture CLI process (own + reaped children CPU from /proc) under Xvfb while xdotool typed ` +
      `${run.keysRecorded} keys (${(run.keysRecorded / run.seconds).toFixed(1)}/s recorded) and sent ${run.movesSent} pointer moves ` +
      `over ${run.seconds.toFixed(1)} s (${(run.movesSent / run.seconds).toFixed(0)}/s), measured after a ${WARM_UP_MS / 1000} s warm-up ` +
      `(start-up and warm-up took ${run.startupCpu.toFixed(2)} s CPU once)`,
  }
}

const SWITCH_ROUNDS = 30
const SWITCH_EVERY_MS = 300

interface SwitchRun {
  received: number
  misattributed: number
  byApp: string
}

/**
 * The rapid-switch scenario in a real capture process: two terminals, focus alternating every
 * 300 ms while xdotool types into whichever is in front. Each terminal writes the bytes it got to
 * a file, the ground truth; a press is misattributed when it is stored for another app.
 */
function rapidSwitch(backend: 'x11' | 'hooks'): Promise<SwitchRun> {
  return inXSession(async (dir, session, cliPath) => {
    const files = { leftterm: join(dir, 'left.txt'), rightterm: join(dir, 'right.txt') }
    const windows = {
      leftterm: await session.openWindow('LeftTerm', 'left', files.leftterm),
      rightterm: await session.openWindow('RightTerm', 'right', files.rightterm),
    }
    await session.activate(windows.rightterm)
    const dbPath = join(dir, 'capture.db')
    const { capture, exited } = await startCaptureProcess(session, cliPath, dbPath, backend, 120)
    for (let round = 0; round < SWITCH_ROUNDS; round++) {
      const phaseEnd = performance.now() + SWITCH_EVERY_MS
      await session.activate(round % 2 === 0 ? windows.leftterm : windows.rightterm)
      do await session.xdotool('type', '--delay', '10', 'asdf')
      while (performance.now() < phaseEnd)
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500)) // the last polls and batches
    capture.kill('SIGTERM') // flushes before exit
    await exited
    const db = new BetterSqlite3(dbPath, { readonly: true })
    const stored = new Map(
      (
        db
          .prepare(
            "SELECT app, sum(count) AS n FROM signals JOIN signal_kinds ON signal_kinds.code = signals.kind WHERE signal_kinds.type = 'keyboard' GROUP BY app",
          )
          .all() as { app: string; n: number }[]
      ).map((row) => [row.app, row.n]),
    )
    db.close()
    let received = 0
    let credited = 0
    for (const [app, file] of Object.entries(files)) {
      const got = readFileSync(file).length
      received += got
      credited += Math.min(got, stored.get(app) ?? 0)
    }
    return {
      received,
      misattributed: received - credited,
      byApp: [...stored].map(([app, n]) => `${app} ${n}`).join(', '),
    }
  })
}

function switchResult(run: SwitchRun, backend: string) {
  return {
    value: run.misattributed,
    unit: 'presses',
    met: run.misattributed === 0,
    detail:
      `${backend}; ${SWITCH_ROUNDS} focus switches every ${SWITCH_EVERY_MS} ms (xdotool windowactivate) while xdotool typed into the front window; ` +
      `${run.received} keys received by the two terminals (ground truth), stored: ${run.byApp}`,
  }
}

let lastX11Run: LoadRun | null = null

export const benchmarks: Benchmark[] = [
  {
    name: 'capture CPU under 20 keys/s + 60 mouse moves/s for 60 s (Linux default: X11 backend)',
    issue: '#3',
    target: '< 1% of one core',
    async run() {
      lastX11Run = await captureUnderLoad('x11')
      return cpuResult(lastX11Run, 'X11 backend (RECORD + PropertyNotify, pointer sampled at 1 Hz)')
    },
  },
  {
    name: 'capture CPU under 20 keys/s + 60 mouse moves/s for 60 s (uiohook-napi + get-windows backend)',
    issue: '#3',
    target: '< 1% of one core',
    async run() {
      return cpuResult(
        await captureUnderLoad('hooks'),
        'uiohook-napi + get-windows backend (`--backend hooks`, the macOS/Windows code path)',
      )
    },
  },
  {
    name: 'misattributed presses, focus switched every 300 ms while typing (X11 backend)',
    issue: '#10',
    target: '0',
    async run() {
      return switchResult(await rapidSwitch('x11'), 'X11 backend: presses and focus changes by X server time')
    },
  },
  {
    name: 'misattributed presses, focus switched every 300 ms while typing (uiohook-napi + get-windows backend)',
    issue: '#10',
    target: '0',
    async run() {
      return switchResult(
        await rapidSwitch('hooks'),
        'uiohook-napi + get-windows backend (`--backend hooks`): presses by arrival time, the front window polled',
      )
    },
  },
  {
    name: 'bytes on disk per hour of continuous active use',
    issue: '#3',
    target: '< 1 MB',
    async run() {
      // A full simulated hour through the real capture service and store: every second has keys
      // and pointer motion, a click every 3 s, a scroll every 10 s, a focus change every 2 minutes
      // across four apps, titles on (45–60 characters), flushed every 5 s as in the app.
      const dir = mkdtempSync(join(tmpdir(), 'capture-bench-'))
      try {
        const dbPath = join(dir, 'capture.db')
        const clock = createManualClock(Date.parse('2026-03-02T09:00:00Z'))
        const input = createFakeInput()
        const window = createFakeWindow({
          owner: 'code',
          title: 'captureService.ts — billops-tracker — Visual Studio Code',
        })
        const core = createCore({ dbPath, clock, logger: silentLogger, captureSources: { input, window } })
        core.capture.start()
        await new Promise((resolve) => setImmediate(resolve))
        core.capture.flush()
        const base = checkpointedBytes(dbPath)
        const apps = [
          { owner: 'code', title: 'captureService.ts — billops-tracker — Visual Studio Code' },
          { owner: 'Google-chrome', title: 'BillOps API reference – time entries - Google Chrome' },
          { owner: 'Slack', title: 'billops-dev (Channel) - Acme Legal LLP - Slack' },
          { owner: 'thunderbird', title: 'Re: invoice for March engagement - Mozilla Thunderbird' },
        ]
        for (let s = 0; s < 3600; s++) {
          if (s % 120 === 0) window.focus(apps[(s / 120) % apps.length] ?? null)
          input.emit('keyboard', 4)
          input.emit('mouse_move', 1)
          if (s % 3 === 0) input.emit('mouse_click', 1)
          if (s % 10 === 0) input.emit('mouse_scroll', 2)
          clock.advance(1_000)
          if (s % 5 === 4) core.capture.flush()
        }
        const rows = core.capture.status().signals_written
        await core.close()
        const bytes = checkpointedBytes(dbPath) - base
        const fileBytes = dbBytes(dbPath)
        const real = lastX11Run
        return {
          value: Number((bytes / 1e6).toFixed(3)),
          unit: 'MB per hour',
          met: bytes < 1e6,
          detail:
            `simulated hour (${rows} signals) through capture service + SQLite, pages in use after checkpoint (the whole file is ${(fileBytes / 1e6).toFixed(3)} MB)` +
            (real
              ? `; the real 60 s X11 load run above grew the database by ${(real.bytesWritten / 1e3).toFixed(1)} kB, i.e. ${((real.bytesWritten * 60) / 1e6).toFixed(2)} MB/h extrapolated`
              : ''),
        }
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  },
  {
    name: 'flush of 100,000 buffered signals',
    issue: '#3',
    target: '< 100 ms',
    async run() {
      const times: number[] = []
      // CPU time of the flush too: on this shared machine wall time also measures the neighbours.
      const cpuTimes: number[] = []
      const checkpoints: number[] = []
      for (let round = 0; round < 5; round++) {
        const dir = mkdtempSync(join(tmpdir(), 'capture-bench-'))
        try {
          const clock = createManualClock(Date.parse('2026-03-02T09:00:00Z'))
          const input = createFakeInput()
          const core = createCore({
            dbPath: join(dir, 'capture.db'),
            clock,
            logger: silentLogger,
            captureSources: {
              input,
              window: createFakeWindow({ owner: 'code', title: 'main.ts — billops-tracker — Visual Studio Code' }),
            },
            captureFlushIntervalMs: 3_600_000,
          })
          core.capture.start()
          await new Promise((resolve) => setImmediate(resolve))
          core.capture.flush()
          // About 25,000 seconds × 4 input types (plus the focus signal repeated every half hour):
          // 100,000 distinct buckets waiting in memory
          const kinds = ['keyboard', 'mouse_move', 'mouse_click', 'mouse_scroll'] as const
          for (let s = 0; core.capture.status().buffered_signals < 100_000; s++) {
            for (const kind of kinds)
              if (core.capture.status().buffered_signals < 100_000) input.emit(kind, kind === 'keyboard' ? 3 : 1)
            clock.advance(1_000)
          }
          const buffered = core.capture.status().buffered_signals
          if (buffered !== 100_000) throw new Error(`expected 100000 buffered signals, got ${buffered}`)
          const cpuStart = process.cpuUsage()
          const start = performance.now()
          const written = core.capture.flush('bench')
          times.push(performance.now() - start)
          const cpu = process.cpuUsage(cpuStart)
          cpuTimes.push((cpu.user + cpu.system) / 1000)
          if (written !== 100_000) throw new Error(`flush wrote ${written}`)
          const checkpointStart = performance.now()
          core.db.pragma('wal_checkpoint(PASSIVE)')
          checkpoints.push(performance.now() - checkpointStart)
          await core.close()
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      }
      const sorted = [...times].sort((a, b) => a - b)
      const value = sorted[2] as number
      return {
        value: Number(value.toFixed(1)),
        unit: 'ms',
        met: value < 100,
        detail:
          `median of 5 flushes (min ${sorted[0]?.toFixed(1)}, max ${sorted[4]?.toFixed(1)} ms; CPU time of the process during them: median ` +
          `${[...cpuTimes].sort((a, b) => a - b)[2]?.toFixed(1)} ms), each 100,000 distinct (second, app, type) buckets ` +
          `into a fresh WAL database, one transaction (titles are on the focus signals only); the WAL checkpoint a large flush defers to the next tick took ` +
          `a further ${[...checkpoints].sort((a, b) => a - b)[2]?.toFixed(1)} ms (median)`,
      }
    },
  },
]
