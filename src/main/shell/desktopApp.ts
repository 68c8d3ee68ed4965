// The Electron shell: lifecycle, tray, window, IPC. Thin on purpose — everything it shows comes
// from the core built by createCore, which the CLI and the tests build the same way.
import { app, type BrowserWindow, ipcMain, Menu, net, Notification, protocol, session, shell, Tray } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createCore, type Core } from '../core/createCore'
import { createStderrLogger } from '../core/logger'
import { appSchemePrivileges, handleAppProtocol } from './appProtocol'
import { trustedOrigins } from './appOrigin'
import { hardenWebContents } from './hardenWebContents'
import { appIconPath, trayIconPath } from './icons'
import { bindIpc } from './ipcBinding'
import { getStartAtLogin, setStartAtLogin, type LoginItemPlatform } from './loginItem'
import { createReviewNotifier } from './reviewNotifier'
import { createReviewWindow } from './reviewWindow'
import { lockDownSession } from './sessionSecurity'
import { trayIconKind, trayMenuTemplate } from './trayMenu'

export interface DesktopAppPaths {
  /** folder of the built main bundle (out/main) */
  mainDir: string
  resourcesDir: string
}

export function startDesktopApp(paths: DesktopAppPaths): void {
  const logger = createStderrLogger()
  // Must happen before `ready`: the custom scheme needs its privileges registered up front.
  protocol.registerSchemesAsPrivileged([appSchemePrivileges])
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const origins = trustedOrigins(devServerUrl)
  // electronegativity: OPEN_EXTERNAL_JS_CHECK — hardenWebContents passes only https URLs here
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { trustedOrigins: origins, openExternal: (url) => void shell.openExternal(url) }),
  )

  let core: Core | null = null
  let window: BrowserWindow | null = null
  let tray: Tray | null = null
  let quitting = false

  const openReview = () => {
    if (!window || window.isDestroyed()) {
      window = createReviewWindow({
        preloadPath: join(paths.mainDir, '../preload/index.js'),
        iconPath: appIconPath(paths.resourcesDir),
        devServerUrl,
        isQuitting: () => quitting,
      })
    }
    window.show()
    window.focus()
  }

  app.on('second-instance', openReview)
  // Closing the window keeps the app in the tray; only Quit ends it.
  app.on('window-all-closed', () => {})
  app.on('before-quit', () => {
    quitting = true
  })
  app.on('will-quit', (event) => {
    if (!core) return
    event.preventDefault()
    const closing = core
    core = null
    void closing.close().finally(() => app.exit(0))
  })

  void app.whenReady().then(async () => {
    lockDownSession(session.defaultSession, { devServerOrigin: devServerUrl ? new URL(devServerUrl).origin : undefined })
    handleAppProtocol(protocol, join(paths.mainDir, '../renderer'))
    const electronSqlite = join(app.getAppPath(), 'native', 'electron', 'better_sqlite3.node')
    core = createCore({
      dbPath: join(app.getPath('userData'), 'billops.db'),
      logger,
      fetch: net.fetch as typeof fetch,
      nativeBinding: !app.isPackaged && existsSync(electronSqlite) ? electronSqlite : undefined,
    })
    const current = core
    bindIpc({
      ipcMain,
      dispatch: current.dispatch,
      events: current.events,
      logger,
      trustedOrigins: origins,
      isOwnWebContents: (contents) => window !== null && !window.isDestroyed() && window.webContents === contents,
      eventTargets: () => (window && !window.isDestroyed() ? [window.webContents] : []),
    })

    const loginPlatform: LoginItemPlatform = {
      platform: process.platform,
      setLoginItemSettings: (s) => app.setLoginItemSettings(s),
      getLoginItemSettings: () => app.getLoginItemSettings(),
      configDir: app.getPath('appData'),
      executablePath: process.execPath,
    }
    const notifier = createReviewNotifier({
      show: (title, body) => {
        if (!Notification.isSupported()) return
        const notification = new Notification({ title, body, icon: appIconPath(paths.resourcesDir) })
        notification.on('click', openReview)
        notification.show()
      },
      now: current.clock.now,
    })

    tray = new Tray(trayIconPath(paths.resourcesDir, 'normal'))
    tray.setToolTip('BillOps Tracker')
    tray.on('click', openReview)
    const refreshTray = async () => {
      if (!tray) return
      const status = current.status()
      const startAtLogin = await getStartAtLogin(loginPlatform)
      tray.setImage(trayIconPath(paths.resourcesDir, trayIconKind(status)))
      // Linux (AppIndicator) only picks up menu changes through a fresh setContextMenu.
      tray.setContextMenu(
        Menu.buildFromTemplate(
          trayMenuTemplate(status, startAtLogin, {
            pause: (minutes) => void current.dispatch('tracking.pause', { minutes }),
            resume: () => void current.dispatch('tracking.resume', null),
            openReview,
            syncNow: () => current.events.emit('status.changed', current.status()),
            setStartAtLogin: (enabled) =>
              void setStartAtLogin(loginPlatform, enabled)
                .then(() => current.settings.update({ start_at_login: enabled }))
                .catch((error: unknown) => logger.error('could not change start at login', String(error)))
                .finally(() => void refreshTray()),
            quit: () => app.quit(),
          }),
        ),
      )
    }
    current.events.on('status.changed', (status) => {
      notifier.update(status.pending_count, current.settings.get().notifications)
      void refreshTray()
    })
    await refreshTray()
    if (!process.argv.includes('--hidden')) openReview()
  })
}
