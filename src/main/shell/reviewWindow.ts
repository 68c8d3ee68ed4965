// The review window: created on demand, hidden (not destroyed) on close so reopening is instant
// and the app keeps running in the tray.
import { BrowserWindow } from 'electron'
import { APP_ENTRY_URL } from './appOrigin'
import { reviewWindowOptions } from './windowOptions'

export interface ReviewWindowOptions {
  preloadPath: string
  iconPath: string
  /** Vite dev server URL in `npm run dev`; the app:// bundle otherwise */
  devServerUrl?: string
  isQuitting: () => boolean
}

export function createReviewWindow(options: ReviewWindowOptions): BrowserWindow {
  const window = new BrowserWindow(reviewWindowOptions(options.preloadPath, options.iconPath))
  window.on('close', (event) => {
    if (options.isQuitting()) return
    event.preventDefault()
    window.hide()
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.devServerUrl ?? APP_ENTRY_URL)
  return window
}
