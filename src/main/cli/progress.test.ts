import { describe, expect, it } from 'vitest'
import { createManualClock } from '../../../test/support/manualClock'
import { startProgress } from './progress'

function recorder(options: { tty: boolean; quiet?: boolean }) {
  const lines: string[] = []
  const clock = createManualClock(0)
  const io = { stderr: (text: string) => void lines.push(text), stderrIsTTY: options.tty, quiet: options.quiet, clock }
  return { io, clock, text: () => lines.join(''), lines }
}

describe('CLI progress on stderr', () => {
  it('redraws one terminal line with a bar, the count, the rate and the time left', () => {
    const r = recorder({ tty: true })
    const progress = startProgress(r.io, 'import: writing', 'signals', 1_000_000)
    r.clock.advance(2_000)
    progress.update(400_000)
    expect(r.lines).toEqual([
      '\r\x1b[2Kimport: writing  [########------------]  400,000/1,000,000 signals  40%  200,000/s  ETA 3 s',
    ])
    // redrawn at most ten times a second
    r.clock.advance(50)
    progress.update(410_000)
    expect(r.lines).toHaveLength(1)
    r.clock.advance(60)
    progress.update(420_000)
    expect(r.lines).toHaveLength(2)
    // the line is cleared at the end: the command's own summary follows it
    progress.finish()
    expect(r.lines.at(-1)).toBe('\r\x1b[2K')
    progress.update(500_000)
    expect(r.lines).toHaveLength(3)
  })

  it('writes plain lines at most every 5 s when stderr is a pipe, and none for work that ends sooner', () => {
    const r = recorder({ tty: false })
    const progress = startProgress(r.io, 'process', 'signals')
    for (let i = 1; i <= 49; i++) {
      r.clock.advance(100)
      progress.update(i * 1000, 100_000)
    }
    expect(r.lines).toEqual([])
    r.clock.advance(100)
    progress.update(50_000, 100_000)
    expect(r.lines).toEqual(['process  50,000/100,000 signals  50%  10,000/s  ETA 5 s\n'])
    expect(r.text()).not.toContain('\r')
    progress.finish()
    expect(r.lines).toHaveLength(1)
  })

  it('counts without a total, and starts the rate again for a new phase', () => {
    const r = recorder({ tty: false })
    const progress = startProgress(r.io, 'import: reading', 'bytes', 10)
    r.clock.advance(5_000)
    progress.phase('export', 'entries')
    r.clock.advance(5_000)
    progress.update(2_500)
    expect(r.lines).toEqual(['export  2,500 entries  500/s\n'])
  })

  it('says nothing with --quiet', () => {
    for (const tty of [true, false]) {
      const r = recorder({ tty, quiet: true })
      const progress = startProgress(r.io, 'import', 'signals', 10)
      r.clock.advance(60_000)
      progress.update(5)
      progress.finish()
      expect(r.lines).toEqual([])
    }
  })
})
