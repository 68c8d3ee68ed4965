// The Electron shell: lifecycle, tray, window, IPC. Thin on purpose — everything it shows comes
// from the core built by createCore, which the CLI and the tests build the same way.
import {
  app,
  type BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  net,
  Notification,
  powerMonitor,
  protocol,
  session,
  shell,
  systemPreferences,
  Tray,
} from 'electron'
import { existsSync } from 'node:fs'
import { release } from 'node:os'
import { basename, join } from 'node:path'
import { createPlatformSources } from '../capture/platformSources'
import { createCore, type Core } from '../app/createCore'
import { createReportPdfPrinter } from './reportPdf'
import { netRequestFetch } from './netRequestFetch'
import { createRotatingFileLog, createTeeLogger } from '../base/fileLog'
import { makePrivateDir } from '../base/privateFiles'
import { restoreDatabase } from '../store/restore'
import { latestSchemaVersion } from '../store/database'
import { errorMessage } from '../../shared/errorMessage'
import { appSchemePrivileges, handleAppProtocol } from './appProtocol'
import { trustedOrigins } from './appOrigin'
import { hardenWebContents } from './hardenWebContents'
import { appIconPath, trayIconPath } from './icons'
import { bindIpc } from './ipcBinding'
import { getStartAtLogin, setStartAtLogin, type LoginItemPlatform } from './loginItem'
import { createReviewNotifier } from './reviewNotifier'
import { createReviewWindow } from './reviewWindow'
import { createPowerMonitorSource } from './powerMonitorSource'
import { createSafeStorageSecretStore } from './safeStorageSecretStore'
import { lockDownSession } from './sessionSecurity'
import { askAboutStartupFailure, describeStartupFailure, moveDatabaseAside } from './startupFailure'
import { trayIconKind, trayMenuTemplate } from './trayMenu'
import { productionMenuTemplate } from './appMenu'
import { builtWorkerFactory } from '../base/workerThread'

const ONLINE_POLL_MS = 30_000
/** after start-up's own work: sum the last year's report days (a cold year is ~0.8 s of main-process time, taken a week at a time) */
const REPORT_WARM_DELAY_MS = 15_000

export interface DesktopAppPaths {
  /** folder of the built main bundle (out/main) */
  mainDir: string
  resourcesDir: string
}

export function startDesktopApp(paths: DesktopAppPaths): void {
  // Must happen before `ready`: the custom scheme needs its privileges registered up front.
  protocol.registerSchemesAsPrivileged([appSchemePrivileges])
  // In a Wayland session run as a native Wayland client (Ozone), not through XWayland: then
  // powerMonitor's idle time is the desktop's own, not XWayland's (which sees only input to X11
  // windows). Electron 38+ picks this itself; saying it keeps that true, and a user's own
  // --ozone-platform still wins.
  if (process.platform === 'linux' && !app.commandLine.hasSwitch('ozone-platform-hint'))
    app.commandLine.appendSwitch('ozone-platform-hint', 'auto')
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  // stderr and a rotating, scrubbed log file (Settings → Copy diagnostics shows its tail).
  const fileLog = createRotatingFileLog({ path: join(app.getPath('userData'), 'logs', 'billops.log') })
  const logger = createTeeLogger([(line) => void process.stderr.write(line), fileLog.write])
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const origins = trustedOrigins(devServerUrl)
  // electronegativity: OPEN_EXTERNAL_JS_CHECK — hardenWebContents passes only its allow-list here
  // (the configured BillOps server's origin and the help pages)
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, {
      trustedOrigins: origins,
      openExternal: (url) => void shell.openExternal(url),
      serverUrl: () => core?.settings.get().server_url ?? null,
    }),
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

  // A start-up that fails must not be silent (issue #13 defect 5): say what happened, offer to
  // move a broken database aside, or quit and give up the single-instance lock.
  let dbPath = ''
  const quitAfterFailure = () => {
    app.releaseSingleInstanceLock()
    app.exit(1)
  }
  const failStartup = (error: unknown, mayStartFresh: boolean) => {
    logger.error('start-up failed', error instanceof Error ? `${error.name}: ${error.message}` : String(error))
    const failure = describeStartupFailure(error, dbPath)
    if (!mayStartFresh) failure.canStartFresh = false
    let choice: ReturnType<typeof askAboutStartupFailure> = 'quit'
    try {
      choice = askAboutStartupFailure(dialog, failure)
    } catch (dialogError) {
      logger.error('could not show the start-up error', String(dialogError))
    }
    return choice
  }

  void app
    .whenReady()
    .then(async () => {
      // Packaged builds: a minimal menu, without Chromium's reload and DevTools (appMenu.ts); the
      // development build keeps the default one for debugging.
      if (app.isPackaged)
        Menu.setApplicationMenu(Menu.buildFromTemplate(productionMenuTemplate(process.platform, app.name)))
      lockDownSession(session.defaultSession, {
        devServerOrigin: devServerUrl ? new URL(devServerUrl).origin : undefined,
      })
      handleAppProtocol(protocol, join(paths.mainDir, '../renderer'))
      const electronSqlite = join(app.getAppPath(), 'native', 'electron', 'better_sqlite3.node')
      const userData = app.getPath('userData')
      // The app's own folder: private, also when an older version created it readable by others.
      makePrivateDir(userData)
      dbPath = join(userData, 'billops.db')
      const nativeBinding = !app.isPackaged && existsSync(electronSqlite) ? electronSqlite : undefined
      // Settings → Restore…: close the database, restore (the current file is kept aside), restart.
      const restoreAndRelaunch = async (backupPath: string) => {
        quitting = true
        const closing = core
        core = null
        try {
          if (closing) await closing.close()
          await restoreDatabase(dbPath, backupPath, { latestSchema: latestSchemaVersion(), nativeBinding })
          logger.info('restored the database from a backup', basename(backupPath))
        } catch (error) {
          logger.error('restore failed', errorMessage(error))
          dialog.showErrorBox(
            'BillOps Tracker',
            `Restoring the backup failed: ${errorMessage(error)}\n\nThe app restarts with the database it had.`,
          )
        }
        app.relaunch()
        app.exit(0)
      }
      const openCore = (): Core =>
        createCore({
          dbPath,
          holder: { name: 'BillOps Tracker', stop: 'quit it from the tray first' },
          logger,
          // net.request, not net.fetch: net.fetch rejects every manual redirect (see netRequestFetch.ts).
          fetch: netRequestFetch(net),
          secretStore: createSafeStorageSecretStore({ filePath: join(userData, 'secrets.json') }),
          nativeBinding,
          reportPdf: createReportPdfPrinter({ parent: () => window, defaultDir: () => app.getPath('documents') }),
          maintenance: {
            logTail: fileLog.tail,
            // After the reply has gone out: the window sees `restarting` before the app goes away.
            restoreBackup: (backupPath) => void setTimeout(() => void restoreAndRelaunch(backupPath), 250),
            platform: {
              os: process.platform,
              release: release(),
              arch: process.arch,
              runtime: `Electron ${process.versions.electron ?? '?'}, Node ${process.versions.node}`,
            },
          },
          captureSources: {
            // macOS: uiohook crashes the app without the Accessibility permission; check it first.
            ...createPlatformSources('auto', process.platform, process.env, () =>
              process.platform === 'darwin' ? systemPreferences.isTrustedAccessibilityClient(false) : true,
            ),
            system: createPowerMonitorSource(),
          },
          suggestWorkerFactory: builtWorkerFactory(join(paths.mainDir, 'suggestWorker.js')),
          importWorkerFactory: builtWorkerFactory(join(paths.mainDir, 'importWorker.js')),
          dailyBackups: true,
          reportWarmUpDelayMs: REPORT_WARM_DELAY_MS,
        })
      for (let attempt = 1; !core; attempt++) {
        try {
          core = openCore()
        } catch (error) {
          // A fresh database that fails too is not offered again: say why, and quit.
          if (failStartup(error, attempt === 1) !== 'start_fresh') return quitAfterFailure()
          const movedTo = moveDatabaseAside(dbPath)
          logger.warn('moved the database aside to start fresh', movedTo)
        }
      }
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
              syncNow: () => void current.dispatch('sync.now', null),
              setPrivateMode: (enabled) => void current.dispatch('capture.setPrivateMode', { enabled }),
              setStartAtLogin: (enabled) =>
                void setStartAtLogin(loginPlatform, enabled)
                  .then(() => current.dispatch('settings.update', { start_at_login: enabled }))
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

      // capture, suggest rounds, sync, calendar refreshes, daily backups, the report warm-up
      current.services.start()
      // The main process has no online/offline event: poll, and sync soon after coming back.
      let online = net.isOnline()
      current.sync.scheduler.setOnline(online)
      setInterval(() => {
        const now = net.isOnline()
        if (now !== online) current.sync.scheduler.setOnline((online = now))
      }, ONLINE_POLL_MS).unref()
      powerMonitor.on('resume', () => void current.sync.scheduler.syncNow())

      if (!process.argv.includes('--hidden')) openReview()
    })
    .catch((error: unknown) => {
      // Anything else that failed while starting: say so, close what was opened, quit.
      failStartup(error, false)
      const closing = core
      core = null
      void (closing ? closing.close() : Promise.resolve()).catch(() => {}).finally(quitAfterFailure)
    })
}
