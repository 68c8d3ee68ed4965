import { join } from 'node:path'
import type { TrayIconKind } from './trayMenu'

const files: Record<TrayIconKind, string> = {
  normal: 'tray.png',
  paused: 'tray-paused.png',
  attention: 'tray-attention.png',
}

export const trayIconPath = (resourcesDir: string, kind: TrayIconKind) => join(resourcesDir, files[kind])
export const appIconPath = (resourcesDir: string) => join(resourcesDir, 'icon.png')
