// Progress of long commands (import, process, sync, report, export) on stderr; stdout is never
// touched, so piped output stays byte for byte what it is without progress.
// - stderr a terminal: one line redrawn in place (at most 10 times a second) with a bar when the
//   total is known, the count, the rate and the time left;
// - stderr a pipe or file (CI, logs): a plain line at most every 5 s, and none for work that
//   ends sooner;
// - `--quiet`: nothing.
// Our own few lines rather than a progress-bar package: those draw terminal bars only, write to
// process.stderr directly (our commands write through CliIo, also in-process in tests) and read
// the real clock; the line-per-interval mode for pipes would be ours anyway.
import { systemClock, type Clock } from '../base/clock'

export interface ProgressIo {
  stderr: (text: string) => void
  /** stderr is a terminal (redraw in place) */
  stderrIsTTY?: boolean
  /** --quiet: no progress at all */
  quiet?: boolean
  clock?: Clock
}

export interface Progress {
  /** `done` of `total` (when known) units so far */
  update(done: number, total?: number): void
  /** a new phase of the same command: the count and the rate start again */
  phase(label: string, unit: string, total?: number): void
  /** ends the progress line (a terminal gets its newline); later updates are ignored */
  finish(): void
}

const TTY_INTERVAL_MS = 100
const PIPE_INTERVAL_MS = 5_000
const BAR_WIDTH = 20

const noProgress: Progress = { update() {}, phase() {}, finish() {} }

export function startProgress(io: ProgressIo, label: string, unit: string, total?: number): Progress {
  if (io.quiet) return noProgress
  const clock = io.clock ?? systemClock
  const tty = io.stderrIsTTY === true
  let phase = { label, unit, total, startedAt: clock.monotonic() }
  let lastShown = phase.startedAt
  let drawn = false
  let finished = false

  const render = (done: number, now: number): string => {
    const elapsedS = (now - phase.startedAt) / 1000
    const rate = elapsedS > 0 ? done / elapsedS : 0
    const count =
      phase.total === undefined
        ? `${number(done)} ${phase.unit}`
        : `${number(done)}/${number(phase.total)} ${phase.unit}`
    const parts = [phase.label]
    if (phase.total !== undefined && phase.total > 0) {
      const share = Math.min(1, done / phase.total)
      if (tty) parts.push(`[${'#'.repeat(Math.round(share * BAR_WIDTH)).padEnd(BAR_WIDTH, '-')}]`)
      parts.push(count, `${Math.floor(share * 100)}%`)
    } else parts.push(count)
    if (rate > 0) parts.push(`${number(Math.round(rate))}/s`)
    if (rate > 0 && phase.total !== undefined && done < phase.total)
      parts.push(`ETA ${duration((phase.total - done) / rate)}`)
    return parts.join('  ')
  }

  return {
    update(done, total) {
      if (finished) return
      if (total !== undefined) phase.total = total
      const now = clock.monotonic()
      if (now - lastShown < (tty ? TTY_INTERVAL_MS : PIPE_INTERVAL_MS)) return
      lastShown = now
      if (tty) {
        io.stderr(`\r\x1b[2K${render(done, now)}`)
        drawn = true
      } else io.stderr(`${render(done, now)}\n`)
    },
    phase(nextLabel, nextUnit, nextTotal) {
      if (finished) return
      phase = { label: nextLabel, unit: nextUnit, total: nextTotal, startedAt: clock.monotonic() }
    },
    finish() {
      if (finished) return
      finished = true
      // The terminal line is cleared: the command's own summary line follows.
      if (tty && drawn) io.stderr('\r\x1b[2K')
    },
  }
}

const number = (n: number) => n.toLocaleString('en-US')

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`
  const minutes = Math.floor(seconds / 60)
  return minutes < 60
    ? `${minutes} min ${Math.round(seconds % 60)} s`
    : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
