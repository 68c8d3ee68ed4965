// Electron-shell unit tests against a mocked `electron` module: the security settings, the IPC
// sender check, the tray menu and the CSP. Each would fail if that protection were removed.
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createElectronMock, FakeBrowserWindow, FakeTray } from '../../../test/support/electronMock'

const electron = createElectronMock()
vi.mock('electron', () => electron.mock)

const { createReviewWindow } = await import('./reviewWindow')
const { bindIpc, isTrustedSender } = await import('./ipcBinding')
const { APP_ENTRY_URL, APP_ORIGIN, CONTENT_SECURITY_POLICY, trustedOrigins } = await import('./appOrigin')
const { serveBundle, resolveBundlePath } = await import('./appProtocol')
const { trayMenuTemplate, trayIconKind } = await import('./trayMenu')
const { hardenWebContents } = await import('./hardenWebContents')
const { lockDownSession } = await import('./sessionSecurity')
const { EventBus } = await import('../base/eventBus')
const { silentLogger } = await import('../base/logger')

const status = (overrides: Record<string, unknown> = {}) => ({
  version: '0.1.0',
  tracking: { mode: 'active' as const, paused_until: null },
  capture_health: [{ source: 'input' as const, state: 'ok' as const, reason: null }],
  pending_count: 0,
  ...overrides,
})

beforeEach(() => {
  FakeBrowserWindow.instances.length = 0
  FakeTray.instances.length = 0
})

describe('review window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, web security on', () => {
    createReviewWindow({ preloadPath: '/app/preload.js', iconPath: '/app/icon.png', isQuitting: () => false })
    expect(FakeBrowserWindow.instances[0].options.webPreferences).toEqual({
      preload: '/app/preload.js',
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
    })
  })

  it('is created with those preferences, loads the app bundle and hides instead of closing', () => {
    let quitting = false
    createReviewWindow({ preloadPath: '/p.js', iconPath: '/i.png', isQuitting: () => quitting })
    const [window] = FakeBrowserWindow.instances
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    })
    expect(window.loadedUrl).toBe(APP_ENTRY_URL)
    window.show()
    const close = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    window.emit('close', close)
    expect(close.defaultPrevented).toBe(true)
    expect(window.visible).toBe(false)
    quitting = true
    const finalClose = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      },
    }
    window.emit('close', finalClose)
    expect(finalClose.defaultPrevented).toBe(false)
  })
})

describe('IPC binding', () => {
  const own = { id: 1 }
  const setup = () => {
    const handlers = new Map<string, (...args: unknown[]) => Promise<unknown>>()
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'ok' }))
    bindIpc({
      ipcMain: {
        handle: (channel: string, h: never) => void handlers.set(channel, h),
        removeHandler: () => {},
      } as never,
      dispatch,
      events: new EventBus(),
      logger: silentLogger,
      trustedOrigins: trustedOrigins(undefined),
      isOwnWebContents: (contents) => contents === (own as never),
      eventTargets: () => [],
    })
    const invoke = (event: unknown) => handlers.get('billops:invoke')!(event, 'app.getStatus', null)
    return { dispatch, invoke }
  }
  const event = (url: string, options: { parent?: unknown; sender?: unknown } = {}) => ({
    sender: options.sender ?? own,
    senderFrame: { url, parent: options.parent ?? null },
  })

  it('answers our own window on the app origin', async () => {
    const { dispatch, invoke } = setup()
    expect(await invoke(event(`${APP_ORIGIN}/index.html`))).toEqual({ ok: true, value: 'ok' })
    expect(dispatch).toHaveBeenCalledOnce()
  })

  it.each([
    ['a remote page', event('https://evil.example/index.html')],
    ['a file:// page', event('file:///etc/passwd')],
    ['a sub-frame of our page', event(`${APP_ORIGIN}/index.html`, { parent: {} })],
    ['another webContents on our origin', event(`${APP_ORIGIN}/index.html`, { sender: { id: 2 } })],
    ['a frame that is gone', { sender: own, senderFrame: null }],
    ['a look-alike origin', event('app://bundle.evil/index.html')],
  ])('rejects %s without dispatching', async (_name, badEvent) => {
    const { dispatch, invoke } = setup()
    expect(await invoke(badEvent)).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    expect(dispatch).not.toHaveBeenCalled()
  })

  it('treats the dev server as trusted only when it is configured', () => {
    const devEvent = event('http://localhost:5173/') as never
    expect(isTrustedSender(devEvent, { trustedOrigins: trustedOrigins(undefined), isOwnWebContents: () => true })).toBe(
      false,
    )
    expect(
      isTrustedSender(devEvent, {
        trustedOrigins: trustedOrigins('http://localhost:5173'),
        isOwnWebContents: () => true,
      }),
    ).toBe(true)
  })

  it('forwards core events to our windows', () => {
    const events = new EventBus()
    const contents = { isDestroyed: () => false, send: vi.fn() }
    bindIpc({
      ipcMain: { handle: () => {}, removeHandler: () => {} } as never,
      dispatch: vi.fn(),
      events,
      logger: silentLogger,
      trustedOrigins: [],
      isOwnWebContents: () => true,
      eventTargets: () => [contents as never],
    })
    events.emit('status.changed', status())
    expect(contents.send).toHaveBeenCalledWith('billops:event', { name: 'status.changed', payload: status() })
  })
})

describe('tray menu', () => {
  const actions = () => ({
    pause: vi.fn(),
    resume: vi.fn(),
    openReview: vi.fn(),
    syncNow: vi.fn(),
    setPrivateMode: vi.fn(),
    setStartAtLogin: vi.fn(),
    quit: vi.fn(),
  })
  const byId = (items: ReturnType<typeof trayMenuTemplate>, id: string) => items.find((item) => item.id === id)

  it('offers status, pause presets, review, sync, start at login and quit', () => {
    const a = actions()
    const items = trayMenuTemplate(status({ pending_count: 3 }), true, a)
    expect(byId(items, 'status')?.label).toBe('Tracking · 3 to review')
    expect(byId(items, 'status')?.enabled).toBe(false)
    const pause = byId(items, 'pause')?.submenu as Array<{ id: string; click: () => void }>
    expect(pause.map((i) => i.id)).toEqual(['pause-15', 'pause-60', 'pause-indefinite'])
    pause[1].click()
    expect(a.pause).toHaveBeenCalledWith(60)
    ;(byId(items, 'open-review')?.click as () => void)()
    ;(byId(items, 'sync-now')?.click as () => void)()
    expect(a.openReview).toHaveBeenCalled()
    expect(a.syncNow).toHaveBeenCalled()
    expect(byId(items, 'private-mode')).toMatchObject({ type: 'checkbox', checked: false })
    ;(byId(items, 'private-mode')?.click as (item: { checked: boolean }) => void)({ checked: true })
    expect(a.setPrivateMode).toHaveBeenCalledWith(true)
    expect(byId(items, 'start-at-login')).toMatchObject({ type: 'checkbox', checked: true })
    ;(byId(items, 'start-at-login')?.click as (item: { checked: boolean }) => void)({ checked: false })
    expect(a.setStartAtLogin).toHaveBeenCalledWith(false)
    ;(byId(items, 'quit')?.click as () => void)()
    expect(a.quit).toHaveBeenCalled()
  })

  it('offers resume while paused and uses the paused icon', () => {
    const paused = status({ tracking: { mode: 'paused', paused_until: null } })
    const items = trayMenuTemplate(paused, false, actions())
    expect(byId(items, 'pause')).toBeUndefined()
    expect(byId(items, 'resume')?.label).toBe('Resume tracking')
    expect(byId(items, 'status')?.label).toBe('Paused · 0 to review')
    expect(trayIconKind(paused)).toBe('paused')
  })

  it('asks for attention when entries wait or capture is degraded', () => {
    expect(trayIconKind(status())).toBe('normal')
    expect(trayIconKind(status({ pending_count: 1 }))).toBe('attention')
    const degraded = status({ capture_health: [{ source: 'window', state: 'degraded', reason: 'no X server' }] })
    expect(trayIconKind(degraded)).toBe('attention')
    expect(trayMenuTemplate(degraded, false, actions())[0].label).toContain('capture window degraded')
  })
})

describe('content security policy', () => {
  const html = readFileSync(join(__dirname, '../../renderer/index.html'), 'utf8')
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''

  it('index.html carries a strict policy with no inline script and no remote sources', () => {
    expect(meta).toContain("default-src 'none'")
    expect(meta).toContain("script-src 'self'")
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/)
  })

  it('the header the app sends is the same policy (plus frame-ancestors, which meta cannot carry)', () => {
    const header = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'))
    expect(meta.split('; ')).toEqual(header)
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
  })

  it('every app:// response carries it, and paths cannot escape the bundle', async () => {
    const root = join(__dirname, '../../renderer')
    const response = await serveBundle(root, `${APP_ORIGIN}/index.html`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(resolveBundlePath(root, `${APP_ORIGIN}/..%2F..%2Fpackage.json`)).toBeNull()
    expect(resolveBundlePath(root, 'app://other/index.html')).toBeNull()
    expect((await serveBundle(root, `${APP_ORIGIN}/../../../etc/passwd`)).status).toBe(404)
  })

  it('the session adds the header to everything but the dev server and denies all permissions', () => {
    const session = electron.mock.session.defaultSession
    lockDownSession(session as never, { devServerOrigin: 'http://localhost:5173' })
    const hook = electron.headerHooks.at(-1)!
    let headers: Record<string, unknown> = {}
    hook(
      { url: `${APP_ORIGIN}/index.html`, responseHeaders: {} },
      (r: { responseHeaders: Record<string, unknown> }) => (headers = r.responseHeaders),
    )
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    const granted: boolean[] = []
    electron.permission.request!(null, 'media', (ok: boolean) => granted.push(ok))
    electron.permission.request!(null, 'notifications', (ok: boolean) => granted.push(ok))
    expect(granted).toEqual([false, false])
    expect(electron.permission.check!(null, 'geolocation')).toBe(false)
  })
})

describe('navigation lock', () => {
  it('denies navigation away, new windows and webviews; opens https links externally', () => {
    const contents = new (class extends EventEmitter {
      handler: ((d: { url: string }) => { action: string }) | null = null
      setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
        this.handler = h
      }
    })()
    const openExternal = vi.fn()
    hardenWebContents(contents as never, { trustedOrigins: [APP_ORIGIN], openExternal })
    const navigate = (url: string) => {
      const e = {
        prevented: false,
        preventDefault() {
          this.prevented = true
        },
      }
      contents.emit('will-navigate', e, url)
      return e.prevented
    }
    expect(navigate('https://evil.example/')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(navigate(`${APP_ORIGIN}/index.html`)).toBe(false)
    const webview = {
      prevented: false,
      preventDefault() {
        this.prevented = true
      },
    }
    contents.emit('will-attach-webview', webview)
    expect(webview.prevented).toBe(true)
    expect(contents.handler!({ url: 'https://billops.example/help' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://billops.example/help')
    expect(contents.handler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
  })
})

describe('desktop app composition', () => {
  it('takes the single-instance lock, registers app://, binds IPC and builds the tray', async () => {
    const { startDesktopApp } = await import('./desktopApp')
    startDesktopApp({
      mainDir: join(electron.userData, 'out/main'),
      resourcesDir: join(__dirname, '../../../resources'),
    })
    expect(electron.registeredSchemes).toContainEqual(expect.objectContaining({ scheme: 'app' }))
    await vi.waitFor(() => expect(FakeTray.instances).toHaveLength(1), { timeout: 20_000 })
    await vi.waitFor(() => expect(FakeTray.instances[0].menu).not.toBeNull(), { timeout: 20_000 })
    expect(electron.handlers.has('billops:invoke')).toBe(true)
    expect(electron.protocolHandlers.has('app')).toBe(true)
    const [window] = FakeBrowserWindow.instances
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    })
    // Our window may call in; a forged sender may not.
    const call = electron.handlers.get('billops:invoke')!
    const ours = await call(
      { sender: window.webContents, senderFrame: { url: APP_ENTRY_URL, parent: null } },
      'app.getStatus',
      null,
    )
    expect(ours).toMatchObject({ ok: true, value: { tracking: { mode: 'active' } } })
    const forged = await call({ sender: {}, senderFrame: { url: APP_ENTRY_URL, parent: null } }, 'app.getStatus', null)
    expect(forged).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
    // Issue #26 (10): a packaged build sets its own menu; Chromium's default has reload and DevTools.
    const appMenu = electron.mock.Menu.applicationMenu as { template: unknown } | undefined
    expect(appMenu).toBeDefined()
    expect(JSON.stringify(appMenu!.template)).toContain('"role":"paste"')
    expect(JSON.stringify(appMenu!.template)).not.toMatch(/toggleDevTools|reload|forceReload|devtools/i)
    const labels = (FakeTray.instances[0].menu as { template: Array<{ label?: string }> }).template.map((i) => i.label)
    expect(labels).toContain('Quit BillOps Tracker')
    expect(labels).toContain('Private mode (record only "private")')
    // Quitting closes the core (capture flushed, sync stopped) before the app exits.
    const quit = {
      prevented: false,
      preventDefault() {
        this.prevented = true
      },
    }
    electron.mock.app.emit('will-quit', quit)
    expect(quit.prevented).toBe(true)
  })

  it('quits when another instance already runs', async () => {
    vi.resetModules()
    electron.mock.app.singleInstance = false
    electron.mock.app.quitCalled = false
    const { startDesktopApp } = await import('./desktopApp')
    startDesktopApp({ mainDir: electron.userData, resourcesDir: electron.userData })
    expect(electron.mock.app.quitCalled).toBe(true)
    electron.mock.app.singleInstance = true
  })
})
