import { afterEach, describe, expect, it, vi } from 'vitest'
import { scheduleReportWarmUp } from './warmUp'

describe('report warm-up after start', () => {
  afterEach(() => void vi.useRealTimers())

  it('sums the days of the zone once the delay has passed, and says so in the log when it cannot', async () => {
    vi.useFakeTimers()
    const warm = vi.fn().mockRejectedValue(new Error('database is locked'))
    const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() }
    scheduleReportWarmUp({ warm }, logger, { delayMs: 15_000, timeZone: 'Europe/Berlin' })
    await vi.advanceTimersByTimeAsync(14_999)
    expect(warm).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(warm).toHaveBeenCalledWith('Europe/Berlin')
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('could not sum the report days ahead'),
      'Error: database is locked',
    )
  })

  it('does nothing when cancelled first (the app quit)', async () => {
    vi.useFakeTimers()
    const warm = vi.fn().mockResolvedValue(undefined)
    const cancel = scheduleReportWarmUp(
      { warm },
      { info: vi.fn(), warn: vi.fn(), error: vi.fn() },
      { delayMs: 1000, timeZone: 'UTC' },
    )
    cancel()
    await vi.advanceTimersByTimeAsync(5000)
    expect(warm).not.toHaveBeenCalled()
  })
})
