import { describe, expect, it } from 'vitest'
import { createServiceGroup, type BackgroundService } from './service'

function recorded(log: string[], name: string, failStop = false): BackgroundService {
  return {
    name,
    start: () => void log.push(`start ${name}`),
    stop: async () => {
      log.push(`stop ${name}`)
      if (failStop) throw new Error(`${name} would not stop`)
    },
  }
}

describe('background services', () => {
  it('start in order, each once, and stop last-started first — all of them, even when one fails', async () => {
    const log: string[] = []
    const group = createServiceGroup([recorded(log, 'capture'), recorded(log, 'sync', true), recorded(log, 'calendar')])
    group.start()
    group.start(['sync'])
    expect(group.running()).toEqual(['capture', 'sync', 'calendar'])
    await expect(group.stop()).rejects.toThrow('sync would not stop')
    expect(log).toEqual(['start capture', 'start sync', 'start calendar', 'stop calendar', 'stop sync', 'stop capture'])
    expect(group.running()).toEqual([])
  })

  it('starts only the ones named (the CLI records without syncing), and refuses an unknown name', async () => {
    const log: string[] = []
    const group = createServiceGroup([recorded(log, 'capture'), recorded(log, 'sync')])
    group.start(['capture'])
    await group.stop()
    expect(log).toEqual(['start capture', 'stop capture'])
    expect(() => group.start(['backups'])).toThrow('no background service named backups')
  })
})
