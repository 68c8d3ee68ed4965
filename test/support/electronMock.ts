// A stand-in for the `electron` module in shell unit tests (the Electron binary cannot run on
// the build machines). It records what the shell asked of Electron so tests can assert it.
import { EventEmitter } from 'node:events'
import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

type Handler = (...args: unknown[]) => unknown

export class FakeWebContents extends EventEmitter {
  sent: Array<[string, unknown]> = []
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload])
  }
  isDestroyed() {
    return false
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler
  }
  printed: unknown[] = []
  /** records the options; a PDF is a marker line plus the page that was loaded */
  printToPDF(options: unknown) {
    this.printed.push(options)
    return Promise.resolve(Buffer.from('%PDF-1.7 fake'))
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  webContents = new FakeWebContents()
  loadedUrl: string | null = null
  visible = false
  constructor(readonly options: { webPreferences?: Record<string, unknown> }) {
    super()
    FakeBrowserWindow.instances.push(this)
  }
  /** a page loaded from a file: its path, text and mode when Chromium read it */
  loadedFile: { path: string; text: string; mode: number } | null = null
  loadURL(url: string) {
    this.loadedUrl = url
    // Chromium refuses URLs over 2 MB (url::kMaxURLChars): a big data: URL never loads.
    if (url.length > 2 * 1024 * 1024)
      return Promise.reject(new Error(`ERR_INVALID_URL (-300) loading '${url.slice(0, 40)}…'`))
    return Promise.resolve()
  }
  loadFile(path: string) {
    this.loadedUrl = pathToFileURL(path).href
    this.loadedFile = { path, text: readFileSync(path, 'utf8'), mode: statSync(path).mode & 0o777 }
    return Promise.resolve()
  }
  show() {
    this.visible = true
  }
  hide() {
    this.visible = false
  }
  focus() {}
  destroyed = false
  destroy() {
    this.destroyed = true
  }
  isDestroyed() {
    return this.destroyed
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = []
  menu: unknown = null
  image: string
  constructor(image: string) {
    super()
    this.image = image
    FakeTray.instances.push(this)
  }
  setToolTip() {}
  setImage(image: string) {
    this.image = image
  }
  setContextMenu(menu: unknown) {
    this.menu = menu
  }
}

export function createElectronMock() {
  const userData = mkdtempSync(join(tmpdir(), 'billops-shell-'))
  const handlers = new Map<string, Handler>()
  const app = Object.assign(new EventEmitter(), {
    name: 'BillOps Tracker',
    isPackaged: true,
    singleInstance: true,
    quitCalled: false,
    lockReleased: false,
    exitCodes: [] as number[],
    requestSingleInstanceLock() {
      return app.singleInstance
    },
    commandLine: {
      switches: new Map<string, string>(),
      hasSwitch: (name: string) => app.commandLine.switches.has(name),
      appendSwitch: (name: string, value = '') => void app.commandLine.switches.set(name, value),
    },
    releaseSingleInstanceLock() {
      app.lockReleased = true
    },
    quit() {
      app.quitCalled = true
    },
    exit(code = 0) {
      app.exitCodes.push(code)
    },
    relaunchCalled: false,
    relaunch() {
      app.relaunchCalled = true
    },
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => join(userData, name),
    getAppPath: () => userData,
    setLoginItemSettings() {},
    getLoginItemSettings: () => ({ openAtLogin: false }),
  })
  const registeredSchemes: unknown[] = []
  const protocolHandlers = new Map<string, Handler>()
  const permission = { request: null as Handler | null, check: null as Handler | null }
  const headerHooks: Handler[] = []
  // Native dialogs: recorded; showMessageBoxSync answers with dialogs.respond(options) (a button index).
  type MessageBox = {
    type?: string
    title?: string
    message: string
    detail?: string
    buttons?: string[]
    cancelId?: number
  }
  const dialogs = {
    messageBoxes: [] as MessageBox[],
    errorBoxes: [] as Array<{ title: string; content: string }>,
    respond: (options: MessageBox): number => options.cancelId ?? 0,
    saveDialogs: [] as Array<{ defaultPath?: string }>,
    /** showSaveDialog's answer: a path, or null for Cancel */
    saveTo: null as string | null,
  }
  const mock = {
    dialog: {
      showMessageBoxSync: (...args: unknown[]) => {
        const options = args.at(-1) as MessageBox
        dialogs.messageBoxes.push(options)
        return dialogs.respond(options)
      },
      showErrorBox: (title: string, content: string) => void dialogs.errorBoxes.push({ title, content }),
      showSaveDialog: (...args: unknown[]) => {
        dialogs.saveDialogs.push(args.at(-1) as { defaultPath?: string })
        return Promise.resolve(
          dialogs.saveTo ? { canceled: false, filePath: dialogs.saveTo } : { canceled: true, filePath: undefined },
        )
      },
    },
    app,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      /** the application menu set (undefined: never set, so Chromium's default with DevTools) */
      applicationMenu: undefined as unknown,
      setApplicationMenu(menu: unknown) {
        this.applicationMenu = menu
      },
    },
    Notification: Object.assign(
      class {
        on() {}
        show() {}
      },
      { isSupported: () => false },
    ),
    ipcMain: {
      handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => registeredSchemes.push(...schemes),
      handle: (scheme: string, handler: Handler) => protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (permission.request = h),
        setPermissionCheckHandler: (h: Handler) => (permission.check = h),
        setDevicePermissionHandler: () => {},
        webRequest: { onHeadersReceived: (h: Handler) => headerHooks.push(h) },
      },
    },
    net: { fetch: (...args: Parameters<typeof fetch>) => fetch(...args), isOnline: () => true },
    systemPreferences: { isTrustedAccessibilityClient: () => true },
    shell: { openExternal: () => Promise.resolve() },
    safeStorage: {
      isEncryptionAvailable: () => false,
      getSelectedStorageBackend: () => 'basic_text',
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    },
    powerMonitor: Object.assign(new EventEmitter(), { getSystemIdleTime: () => 0, getSystemIdleState: () => 'active' }),
  }
  return { mock, handlers, registeredSchemes, protocolHandlers, permission, headerHooks, userData, dialogs }
}
