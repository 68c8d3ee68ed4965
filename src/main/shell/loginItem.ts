// Start at login: macOS and Windows through Electron; Linux has no such API, so we write the
// freedesktop autostart entry ourselves (~/.config/autostart).
import { mkdir, rm, writeFile, access } from 'node:fs/promises'
import { join } from 'node:path'

export interface LoginItemPlatform {
  platform: NodeJS.Platform
  /** Electron's app.setLoginItemSettings / getLoginItemSettings (macOS, Windows) */
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean }): void
  getLoginItemSettings(): { openAtLogin: boolean }
  configDir: string
  executablePath: string
}

const desktopFile = (dir: string) => join(dir, 'autostart', 'billops-tracker.desktop')

export async function setStartAtLogin(p: LoginItemPlatform, enabled: boolean): Promise<void> {
  if (p.platform !== 'linux') {
    p.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true })
    return
  }
  const file = desktopFile(p.configDir)
  if (!enabled) {
    await rm(file, { force: true })
    return
  }
  await mkdir(join(p.configDir, 'autostart'), { recursive: true })
  await writeFile(
    file,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=BillOps Tracker',
      `Exec="${p.executablePath.replace(/"/g, '\\"')}" --hidden`,
      'X-GNOME-Autostart-enabled=true',
      'Terminal=false',
      '',
    ].join('\n'),
  )
}

export async function getStartAtLogin(p: LoginItemPlatform): Promise<boolean> {
  if (p.platform !== 'linux') return p.getLoginItemSettings().openAtLogin
  return access(desktopFile(p.configDir)).then(
    () => true,
    () => false,
  )
}
