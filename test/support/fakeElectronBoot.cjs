// A recording stand-in for the `electron` module, for booting the BUILT main bundle
// (out/main/index.js) in plain Node: `node --require test/support/fakeElectronBoot.cjs out/main/index.js`.
// Preloaded with --require, it makes require('electron') resolve to the fake below, records what
// the app asks of Electron as JSON lines in $BOOT_REPORT, and drives the app: once the tray menu
// is built it probes the IPC handler with every name in $BOOT_METHODS (a JSON array), waits for
// the heuristics worker, then quits the way Electron does (before-quit, will-quit, exit).
// $BOOT_USER_DATA is what app.getPath('userData') returns; $BOOT_DIALOG_CHOICE picks the button
// of a message box by label prefix (default: its cancelId).
'use strict'
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS file preloaded with --require */
const Module = require('node:module')
const { EventEmitter } = require('node:events')
const { appendFileSync, readFileSync } = require('node:fs')
const { join } = require('node:path')
const workerThreads = require('node:worker_threads')

const report = process.env.BOOT_REPORT
const userData = process.env.BOOT_USER_DATA
if (!report || !userData) throw new Error('fakeElectronBoot: BOOT_REPORT and BOOT_USER_DATA are required')
const record = (event, detail = {}) => appendFileSync(report, `${JSON.stringify({ event, ...detail })}\n`)

// Workers: record the file each one is started from (the bundle uses node_worker_threads.Worker).
const RealWorker = workerThreads.Worker
workerThreads.Worker = class RecordedWorker extends RealWorker {
  constructor(filename, options) {
    super(filename, options)
    record('worker', { filename: String(filename) })
    this.on('online', () => record('worker-online', { filename: String(filename) }))
  }
}

class FakeWebContents extends EventEmitter {
  isDestroyed() {
    return false
  }
  send() {}
  setWindowOpenHandler() {}
}

const windows = []
class BrowserWindow extends EventEmitter {
  constructor(options) {
    super()
    this.webContents = new FakeWebContents()
    this.options = options
    windows.push(this)
    record('window', { preload: options.webPreferences && options.webPreferences.preload })
    setImmediate(() => app.emit('web-contents-created', {}, this.webContents))
  }
  loadURL(url) {
    record('window-load', { url })
    return Promise.resolve()
  }
  show() {}
  hide() {}
  focus() {}
  isDestroyed() {
    return false
  }
}

let probed = false
class Tray extends EventEmitter {
  constructor(image) {
    super()
    record('tray', { image })
  }
  setToolTip() {}
  setImage() {}
  setContextMenu(menu) {
    record('tray-menu', { labels: menu.template.map((item) => item.label).filter(Boolean) })
    if (!probed) {
      probed = true
      setTimeout(
        () => void probeThenQuit().catch((error) => record('probe-failed', { message: String(error && error.stack) })),
        50,
      )
    }
  }
}

const ipcHandlers = new Map()
let exiting = false
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock() {
    record('single-instance-lock')
    return true
  },
  releaseSingleInstanceLock() {
    record('single-instance-lock-released')
  },
  commandLine: {
    hasSwitch: () => false,
    appendSwitch(name, value) {
      record('command-line-switch', { name, value })
    },
  },
  whenReady: () => new Promise((resolve) => setImmediate(resolve)),
  getPath(name) {
    record('get-path', { name })
    return name === 'userData' ? userData : join(userData, name)
  },
  // No native/electron/ here: the app must load better-sqlite3's Node-ABI build from node_modules.
  getAppPath: () => userData,
  relaunch() {
    record('relaunch')
  },
  setLoginItemSettings() {},
  getLoginItemSettings: () => ({ openAtLogin: false }),
  quit() {
    record('quit')
    app.emit('before-quit', { preventDefault() {} })
    let prevented = false
    app.emit('will-quit', { preventDefault: () => (prevented = true) })
    if (!prevented) app.exit(0)
  },
  exit(code = 0) {
    if (exiting) return
    exiting = true
    record('exit', { code })
    process.exit(code)
  },
})

async function probeThenQuit() {
  const invoke = ipcHandlers.get('billops:invoke')
  const window = windows[0]
  const event = { sender: window && window.webContents, senderFrame: { url: 'app://bundle/index.html', parent: null } }
  const names = JSON.parse(process.env.BOOT_METHODS || '[]')
  const answers = {}
  // A Symbol is no valid input for any method: each known method answers invalid_input without
  // running its handler; an unknown one answers unknown_method.
  for (const name of [...names, 'no.such.method']) {
    const reply = await invoke(event, name, Symbol('probe'))
    answers[name] = reply.ok ? 'ok' : reply.error.code
  }
  const status = await invoke(event, 'app.getStatus', null)
  record('probe', { answers, status })
  // A lock and an unlock: system signals for capture to flush and the heuristics to read.
  powerMonitor.emit('lock-screen')
  powerMonitor.emit('unlock-screen')
  const deadline = Date.now() + 20_000
  while (!workerSeen() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
  app.quit()
}
const workerSeen = () => readFileSync(report, 'utf8').includes('"event":"worker-online"')

const powerMonitor = Object.assign(new EventEmitter(), {
  getSystemIdleTime: () => 0,
  getSystemIdleState: () => 'active',
})

const fake = {
  app,
  BrowserWindow,
  Tray,
  Menu: { buildFromTemplate: (template) => ({ template }) },
  Notification: Object.assign(
    class {
      on() {}
      show() {}
    },
    { isSupported: () => false },
  ),
  ipcMain: {
    handle(channel, handler) {
      record('ipc-handle', { channel })
      ipcHandlers.set(channel, handler)
    },
    removeHandler(channel) {
      ipcHandlers.delete(channel)
    },
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => record('schemes', { schemes: schemes.map((s) => s.scheme) }),
    handle: (scheme) => record('protocol-handle', { scheme }),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler() {},
      setPermissionCheckHandler() {},
      setDevicePermissionHandler() {},
      webRequest: { onHeadersReceived() {} },
    },
  },
  net: { fetch: (...args) => fetch(...args), isOnline: () => false },
  systemPreferences: { isTrustedAccessibilityClient: () => true },
  shell: { openExternal: () => Promise.resolve() },
  safeStorage: {
    isEncryptionAvailable: () => false,
    getSelectedStorageBackend: () => 'basic_text',
    encryptString: (s) => Buffer.from(s),
    decryptString: (b) => b.toString(),
  },
  powerMonitor,
  dialog: {
    showMessageBoxSync(...args) {
      const options = args[args.length - 1]
      const wanted = process.env.BOOT_DIALOG_CHOICE
      const index = wanted ? options.buttons.findIndex((b) => b.startsWith(wanted)) : -1
      const response = index >= 0 ? index : (options.cancelId ?? 0)
      record('dialog', {
        type: options.type,
        message: options.message,
        detail: options.detail,
        buttons: options.buttons,
        response,
      })
      return response
    },
    showErrorBox(title, content) {
      record('error-box', { title, content })
    },
  },
}

const FAKE_ID = '\0fake-electron'
const resolveFilename = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? FAKE_ID : resolveFilename.call(this, request, ...rest)
}
const fakeModule = new Module(FAKE_ID)
fakeModule.loaded = true
fakeModule.exports = fake
Module._cache[FAKE_ID] = fakeModule
process.on('exit', (code) => record('process-exit', { code }))
