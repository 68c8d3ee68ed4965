import { describe, expect, it } from 'vitest'
import { createServerClock, SERVER_CLOCK_JUMP_MS } from './serverClock'

const WALL = Date.parse('2026-03-02T09:00:00Z')
const WRAP = 2 ** 32

describe('X server time → wall clock', () => {
  it('maps server milliseconds through the tightest recent sample (delivery only adds delay)', () => {
    const clock = createServerClock()
    expect(clock.toWall(1_000)).toBeNull()
    clock.observe(1_000, WALL + 12) // received 12 ms late
    clock.observe(2_000, WALL + 1_001) // received 1 ms late
    clock.observe(3_000, WALL + 2_300) // a busy event loop: 300 ms late
    expect(clock.toWall(2_500)).toBe(WALL + 1_501)
    expect(clock.toWall(900)).toBe(WALL - 99) // a press read in a batch after the sample
  })

  it('stays correct across the 32-bit wrap, for times on either side of it', () => {
    const clock = createServerClock()
    clock.observe(WRAP - 500, WALL)
    expect(clock.toWall(WRAP - 100)).toBe(WALL + 400)
    expect(clock.toWall(300)).toBe(WALL + 800) // after the wrap
    clock.observe(1_000, WALL + 1_500)
    expect(clock.toWall(WRAP - 200)).toBe(WALL + 300) // an older press read after the wrap
    expect(clock.toWall(2_000)).toBe(WALL + 2_500)
  })

  it('re-anchors at once when the wall clock jumps forward, and when it jumps back', () => {
    const clock = createServerClock()
    clock.observe(10_000, WALL)
    clock.observe(11_000, WALL + 1_000)
    // NTP (or a resume from sleep, during which the server's clock stood still) moved us 1 h on
    clock.observe(12_000, WALL + 3_600_000 + 2_000)
    expect(clock.toWall(12_500)).toBe(WALL + 3_600_000 + 2_500)
    // and back by 10 minutes
    clock.observe(13_000, WALL + 3_000_000 + 3_000)
    expect(clock.toWall(13_200)).toBe(WALL + 3_000_000 + 3_200)
  })

  it('takes a server clock that jumps back as a new anchor, not as input from the far past', () => {
    const clock = createServerClock()
    clock.observe(5_000_000, WALL)
    clock.observe(1_000, WALL + 1_000) // the server's clock restarted
    expect(clock.toWall(1_500)).toBe(WALL + 1_500)
  })

  it('does not mistake ordinary delivery delay for a jump', () => {
    const clock = createServerClock()
    clock.observe(1_000, WALL)
    clock.observe(2_000, WALL + 1_000 + SERVER_CLOCK_JUMP_MS - 1)
    expect(clock.toWall(2_000)).toBe(WALL + 1_000)
  })
})
