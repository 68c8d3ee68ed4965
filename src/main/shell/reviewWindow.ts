// The review window: created on demand, hidden (not destroyed) on close so reopening is instant
// and the app keeps running in the tray. Electron's security checklist is spelled out literally
// here (not built elsewhere) so reviewers and electronegativity see it at the constructor.
import { BrowserWindow } from 'electron'
import { APP_ENTRY_URL } from './appOrigin'

export interface ReviewWindowOptions {
  preloadPath: string
  iconPath: string
  /** Vite dev server URL in `npm run dev`; the app:// bundle otherwise */
  devServerUrl?: string
  isQuitting: () => boolean
}

export function createReviewWindow(options: ReviewWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'BillOps Tracker',
    icon: options.iconPath,
    autoHideMenuBar: true,
    webPreferences: {
      // electronegativity: PRELOAD_JS_CHECK — our bundled preload exposes only the generic, contract-checked bridge
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableBlinkFeatures: 'Auxclick',
    },
  })
  window.on('close', (event) => {
    if (options.isQuitting()) return
    event.preventDefault()
    window.hide()
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.devServerUrl ?? APP_ENTRY_URL)
  return window
}
