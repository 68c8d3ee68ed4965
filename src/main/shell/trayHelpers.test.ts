import { mkdtempSync, readFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { getStartAtLogin, setStartAtLogin, type LoginItemPlatform } from './loginItem'
import { createReviewNotifier } from './reviewNotifier'

describe('review notification', () => {
  it('nudges when entries start waiting, then at most once per interval and only when the count grows', () => {
    let now = 0
    const show = vi.fn()
    const notifier = createReviewNotifier({ show, now: () => now, minIntervalMs: 30 * 60_000 })
    expect(notifier.update(2, true)).toBe(true)
    expect(show).toHaveBeenLastCalledWith('Time awaiting review', '2 suggested entries are ready to approve.')
    now += 5 * 60_000
    expect(notifier.update(3, true)).toBe(false)
    now += 30 * 60_000
    expect(notifier.update(3, true)).toBe(false)
    expect(notifier.update(4, true)).toBe(true)
    now += 60 * 60_000
    expect(notifier.update(5, false)).toBe(false)
    expect(show).toHaveBeenCalledTimes(2)
  })
})

describe('start at login', () => {
  const platform = (os: NodeJS.Platform): LoginItemPlatform & { settings: { openAtLogin: boolean } } => {
    const settings = { openAtLogin: false }
    return {
      platform: os,
      settings,
      setLoginItemSettings: (s) => void (settings.openAtLogin = s.openAtLogin),
      getLoginItemSettings: () => settings,
      configDir: mkdtempSync(join(tmpdir(), 'billops-autostart-')),
      executablePath: '/opt/BillOps Tracker/billops-tracker',
    }
  }

  it('on Linux writes and removes a freedesktop autostart entry', async () => {
    const p = platform('linux')
    await setStartAtLogin(p, true)
    const file = join(p.configDir, 'autostart', 'billops-tracker.desktop')
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/BillOps Tracker/billops-tracker" --hidden')
    expect(await getStartAtLogin(p)).toBe(true)
    await setStartAtLogin(p, false)
    expect(existsSync(file)).toBe(false)
    expect(await getStartAtLogin(p)).toBe(false)
  })

  it('on macOS and Windows uses the login item API', async () => {
    for (const os of ['darwin', 'win32'] as const) {
      const p = platform(os)
      await setStartAtLogin(p, true)
      expect(p.settings.openAtLogin).toBe(true)
      expect(await getStartAtLogin(p)).toBe(true)
    }
  })
})
