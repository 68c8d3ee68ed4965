// Degraded paths: capture without an X server, with get-windows throwing or answering nothing,
// with uiohook failing to start or to load, with a database that cannot be opened for writing,
// and with the X server vanishing mid-run. Each shows a clear status, never crashes, and keeps
// every signal already flushed.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../cli/runCli'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { listSignals } from '../../../test/support/signalRows'
import { createGetWindowsSource } from './getWindowsSource'
import { createPlatformSources } from './platformSources'
import { createFakeInput, createFakeWindow } from '../../../test/support/fakeSources'
import { startXSession } from '../../../test/support/xvfb'
import type { CaptureSources } from './types'
import { createUiohookInputSource, type UiohookLike } from './uiohookInputSource'
import { until } from '../../../test/support/waitUntil'

let cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  cleanups = []
})

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), 'degraded-'))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function coreWith(sources: CaptureSources): Core {
  const core = createCore({ dbPath: join(tempDir(), 'db.sqlite'), logger: silentLogger, captureSources: sources })
  cleanups.push(() => core.close())
  return core
}

describe('capture on degraded platforms', () => {
  for (const backend of ['x11', 'hooks'] as const) {
    it(`says "no X server" when DISPLAY is unset (${backend} backend) instead of reporting idle`, async () => {
      const core = coreWith(createPlatformSources(backend, 'linux', { HOME: tmpdir() }))
      core.capture.start()
      await until(
        'both sources to report',
        () => core.health.get('input').state !== 'off' || /X server/u.test(core.health.get('input').reason ?? ''),
      )
      await until(
        'window source to report',
        () => /X server/u.test(core.health.get('window').reason ?? '') || core.health.get('window').state !== 'off',
      )
      const status = await core.dispatch('capture.getStatus', null)
      expect(status).toMatchObject({
        ok: true,
        value: {
          sources: expect.arrayContaining([
            {
              source: 'input',
              state: 'off',
              reason: expect.stringMatching(/^no X server: DISPLAY is not set.*; retrying in \d+ s$/u),
            },
          ]),
        },
      })
      expect(core.health.get('window').reason).toMatch(/no X server/u)
    })
  }

  it('shows the window source as degraded when get-windows throws, and keeps counting input as "unknown"', async () => {
    const input = createFakeInput()
    const window = createGetWindowsSource({
      activeWindow: async () => {
        throw new Error('Command failed: xprop -root')
      },
      degradeAfter: 1,
      env: { DISPLAY: ':0' },
    })
    const core = coreWith({ input, window })
    core.capture.start()
    await until('window health', () => core.health.get('window').state === 'degraded')
    expect(core.health.get('window').reason).toBe('get-windows failed: Command failed: xprop -root')
    input.emit('keyboard', 3)
    core.capture.flush()
    expect(listSignals(core.db).map((r) => [r.app, r.type, r.count])).toEqual([['unknown', 'keyboard', 3]])
  })

  it('shows the window source as degraded when get-windows cannot tell the front window', async () => {
    const platform: { answer?: { owner: { name: string }; title: string } } = {}
    const window = createGetWindowsSource({
      activeWindow: async () => platform.answer,
      degradeAfter: 1,
      pollMs: 20,
      idlePollMs: 20,
      env: { DISPLAY: ':0' },
    })
    const core = coreWith({ window })
    core.capture.start()
    await until('window health', () => core.health.get('window').state === 'degraded')
    expect(core.health.get('window').reason).toBe('get-windows cannot tell the front window')
    platform.answer = { owner: { name: 'Code' }, title: 'x.ts' }
    await until('recovery', () => core.health.get('window').state === 'ok')
    expect(core.capture.status().front_app).toBe('vscode')
  })

  it('shows uiohook failing to start or to load, retries, and leaves the other sources working', async () => {
    const failingHook: UiohookLike = {
      on: () => failingHook,
      removeAllListeners: () => failingHook,
      start: () => {
        throw new Error('XRecord is not available')
      },
      stop: () => {},
    }
    const core = coreWith({
      input: createUiohookInputSource({
        platform: 'linux',
        env: { DISPLAY: ':99' },
        loadHook: async () => failingHook,
      }),
      window: createFakeWindow({ owner: 'code', title: null }),
    })
    core.capture.start()
    await until('input health', () => /uiohook failed to start/u.test(core.health.get('input').reason ?? ''))
    expect(core.health.get('input')).toMatchObject({
      state: 'off',
      reason: expect.stringContaining('XRecord is not available; retrying in'),
    })
    expect(core.health.get('window').state).toBe('ok')

    const unloadable = coreWith({
      input: createUiohookInputSource({
        platform: 'linux',
        env: { DISPLAY: ':99' },
        loadHook: async () => {
          throw new Error('uiohook-napi.node: invalid ELF header')
        },
      }),
    })
    unloadable.capture.start()
    await until('input health', () => /invalid ELF header/u.test(unloadable.health.get('input').reason ?? ''))
  })

  it('asks for the macOS Accessibility permission instead of starting uiohook without it', async () => {
    let started = false
    const hook: UiohookLike = {
      on: () => hook,
      removeAllListeners: () => hook,
      start: () => void (started = true),
      stop: () => {},
    }
    const core = coreWith({
      input: createUiohookInputSource({
        platform: 'darwin',
        loadHook: async () => hook,
        hasAccessibilityPermission: () => false,
      }),
    })
    core.capture.start()
    await until('input health', () => /Accessibility/u.test(core.health.get('input').reason ?? ''))
    expect(started).toBe(false)
  })

  it('says why when the database cannot be opened for writing (CLI), and exits without a crash', async () => {
    // /proc is read-only even for root, unlike a chmod-ed file.
    const dbPath = '/proc/self/billops-capture-test.db'
    let stderr = ''
    const code = await runCli(['capture', '--db', dbPath, '--duration', '0.2'], {
      stdout: () => {},
      stderr: (text) => void (stderr += text),
      stdin: () => process.stdin,
      env: {},
      interrupted: new Promise(() => {}),
    })
    expect(code).toBe(1)
    expect(stderr).toMatch(/^error: cannot open database \/proc\/self\/billops-capture-test\.db: .+$/mu)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })

  it('keeps flushed signals and shows the input source off when the X server goes away mid-run', async () => {
    const session = await startXSession()
    cleanups.push(() => session.close())
    const core = coreWith(createPlatformSources('x11', 'linux', session.env))
    core.capture.start()
    await until(
      'sources',
      () => core.health.get('input').state === 'ok' && core.health.get('window').state === 'ok',
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(core.health.list())}`)
    })
    await session.xdotool('type', '--delay', '5', 'abcdef')
    const keys = () => listSignals(core.db).reduce((n, r) => n + (r.type === 'keyboard' ? r.count : 0), 0)
    await until('keys', () => {
      core.capture.flush()
      return keys() === 6
    })
    await session.killServer()
    await until('input health', () => core.health.get('input').state === 'off')
    // closed, reset or refused, depending on how far the server got: always said, always retried
    expect(core.health.get('input').reason).toMatch(
      /^(X server closed the connection|X connection error: .+|cannot connect to X server .+); retrying in \d+ s$/u,
    )
    expect(keys()).toBe(6)
  })
})
