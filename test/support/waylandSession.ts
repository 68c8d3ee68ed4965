// Private headless Wayland desktops for the capture tests: GNOME Shell (or KWin) on a D-Bus
// session bus of their own, native Wayland zenity windows with chosen titles, and key presses
// injected through Mutter's RemoteDesktop API. `close()` stops everything it started.
//
// GNOME Shell needs a system bus (a session-config dbus-daemon stands in) and trusts a stale
// /run/systemd/seats in containers, which a private mount namespace hides under a tmpfs. The
// Debian kwin_wayland carries a file capability (CAP_SYS_NICE) that sandboxes refuse to exec; a
// plain copy of the binary runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSessionBus, type SessionBus } from '../../src/main/capture/wayland/sessionBus'
import { connectWayland } from '../../src/main/capture/wayland/waylandWire'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Why these tests cannot run here (a binary missing), or null. CI installs them all. */
export function missingBinaries(names: readonly string[]): string | null {
  const missing = names.filter((name) => {
    try {
      execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' })
      return false
    } catch {
      return true
    }
  })
  return missing.length === 0 ? null : `not installed: ${missing.join(', ')} (.ci/run installs them)`
}

export interface WaylandSession {
  /** environment for capture and clients: the private bus, the Wayland socket, the data folder */
  env: NodeJS.ProcessEnv
  /** a long-lived connection of the test's own (RemoteDesktop sessions die with their client) */
  bus: SessionBus
  /** opens a native Wayland zenity window with this title and waits until it exists */
  openWindow(title: string): Promise<void>
  /**
   * presses and releases a key: on GNOME an X keysym through org.gnome.Mutter.RemoteDesktop, on
   * KWin the key "a" through its fake-input protocol (the keysym is ignored there)
   */
  pressKey(keysym: number): Promise<void>
  close(): Promise<void>
}

export const KEYSYM = { Escape: 0xff1b, a: 0x61 } as const

function stop(child: ChildProcess | undefined, ms = 3_000): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve()
    }, ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs: number, log: () => string): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => null)
    if (value !== null) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${log().slice(-3000)}`)
    await sleep(100)
  }
}

async function startBus(path: string, children: ChildProcess[]): Promise<string> {
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=unix:path=${path}`], { stdio: 'ignore' })
  children.push(daemon)
  await until('dbus-daemon', async () => (existsSync(path) ? true : null), 5_000, () => '')
  return `unix:path=${path}`
}

type Compositor = 'gnome-shell' | 'kwin'

/**
 * One compositor at a time on this machine (test files run in parallel, other checkouts too):
 * a lock folder holding the owner's pid, taken over when that process is gone.
 */
const LOCK = join(tmpdir(), 'billops-wayland-session.lock')
async function takeLock(): Promise<() => void> {
  const end = Date.now() + 180_000
  for (;;) {
    try {
      mkdirSync(LOCK)
      writeFileSync(join(LOCK, 'pid'), String(process.pid))
      return () => rmSync(LOCK, { recursive: true, force: true })
    } catch {
      let owner = Number.NaN
      try {
        owner = Number(readFileSync(join(LOCK, 'pid'), 'utf8'))
      } catch {
        // being written or removed right now
      }
      const alive = Number.isInteger(owner) && owner > 0 && (() => {
        try {
          process.kill(owner, 0)
          return true
        } catch {
          return false
        }
      })()
      if (!alive && Number.isInteger(owner) && owner > 0) rmSync(LOCK, { recursive: true, force: true })
      if (Date.now() > end) throw new Error(`another Wayland test session (pid ${owner}) held ${LOCK} for 3 minutes`)
      await sleep(200)
    }
  }
}

/**
 * Starts a compositor on a fresh bus and runtime folder. `dataHome` is the user's XDG data folder
 * (where GNOME extensions live): pass the same one again to log in a second time.
 */
export async function startWaylandSession(compositor: Compositor, dataHome: string): Promise<WaylandSession> {
  const unlock = await takeLock()
  const dir = mkdtempSync(join(tmpdir(), `${compositor}-session-`))
  const children: ChildProcess[] = []
  const closers: (() => void)[] = [unlock]
  let output = ''
  let bus: SessionBus | undefined
  const runtime = join(dir, 'runtime')
  mkdirSync(runtime, { mode: 0o700 })
  const display = `wayland-test-${process.pid}`
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_RUNTIME_DIR: runtime,
      XDG_DATA_HOME: dataHome,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      XDG_SESSION_TYPE: 'wayland',
      WAYLAND_DISPLAY: display,
      DBUS_SESSION_BUS_ADDRESS: await startBus(join(dir, 'session-bus'), children),
      DBUS_SYSTEM_BUS_ADDRESS: await startBus(join(dir, 'system-bus'), children),
      NO_AT_BRIDGE: '1',
      GDK_BACKEND: 'wayland',
      LANG: 'C.UTF-8',
    }
    const size = ['1280', '800']
    const command =
      compositor === 'gnome-shell'
        ? `exec gnome-shell --headless --virtual-monitor ${size.join('x')} --wayland --no-x11 --wayland-display ${display}`
        : `exec "$KWIN" --virtual --no-lockscreen --width ${size[0]} --height ${size[1]} --socket ${display}`
    if (compositor === 'kwin') {
      // fake input is for privileged clients (X-KDE-Wayland-Interfaces); the test process is one
      env.KWIN_WAYLAND_NO_PERMISSION_CHECKS = '1'
      env.KWIN = join(dir, 'kwin_wayland')
      copyFileSync(execFileSync('sh', ['-c', 'command -v kwin_wayland']).toString().trim(), env.KWIN) // drops the file capability
      execFileSync('chmod', ['755', env.KWIN])
    }
    const hide = existsSync('/run/systemd') ? 'mount -t tmpfs tmpfs /run/systemd && ' : ''
    const shell = spawn('unshare', ['-m', 'sh', '-c', `${hide}${command}`], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(shell)
    shell.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    shell.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const log = () => output
    const bus_ = await openSessionBus(env)
    bus = bus_
    const ready = compositor === 'gnome-shell' ? 'org.gnome.Shell' : 'org.kde.KWin'
    await until(`${compositor} on the bus`, async () => ((await bus_.hasOwner(ready)) ? true : null), 30_000, log)

    let pressKey: WaylandSession['pressKey']
    if (compositor === 'kwin') {
      const wayland = await until('KWin Wayland socket', () => connectWayland(env), 15_000, log)
      closers.push(() => wayland.close())
      const global = wayland.globals().find((g) => g.interface === 'org_kde_kwin_fake_input')
      if (!global || global.version < 4) throw new Error(`KWin offers no org_kde_kwin_fake_input v4 (keyboard_key); it offers ${wayland.globals().map((g) => `${g.interface} v${g.version}`).join(', ')}`)
      const fakeInput = wayland.bind(global, 4)
      wayland.request(fakeInput, 0, [{ string: 'BillOps tests' }, { string: 'inject test input' }]) // authenticate
      pressKey = async () => {
        const KEY_A = 30 // evdev code
        wayland.request(fakeInput, 10, [{ uint: KEY_A }, { uint: 1 }]) // keyboard_key pressed
        wayland.request(fakeInput, 10, [{ uint: KEY_A }, { uint: 0 }])
        await wayland.roundtrip()
      }
    } else {
      await until('GNOME Shell start-up', async () => {
        await bus_.call('org.gnome.Shell', '/org/gnome/Shell', 'org.gnome.Shell.Extensions', 'ListExtensions')
        return true
      }, 30_000, log)
      const [sessionPath] = await bus_.call('org.gnome.Mutter.RemoteDesktop', '/org/gnome/Mutter/RemoteDesktop', 'org.gnome.Mutter.RemoteDesktop', 'CreateSession')
      const remote = (member: string, signature = '', body: unknown[] = []) =>
        bus_.call('org.gnome.Mutter.RemoteDesktop', String(sessionPath), 'org.gnome.Mutter.RemoteDesktop.Session', member, signature, body)
      await remote('Start')
      pressKey = async (keysym) => {
        await remote('NotifyKeyboardKeysym', 'ub', [keysym, true])
        await remote('NotifyKeyboardKeysym', 'ub', [keysym, false])
      }
      await pressKey(KEYSYM.Escape) // the shell starts in the Overview
    }

    return {
      env,
      bus: bus_,
      pressKey,
      async openWindow(title) {
        const zenity = spawn('zenity', ['--info', '--title', title, '--text', 'BillOps capture test'], { env, stdio: 'ignore' })
        children.push(zenity)
        await sleep(300)
        if (zenity.exitCode !== null) throw new Error(`zenity exited at once (${zenity.exitCode})\n${log().slice(-2000)}`)
      },
      async close() {
        bus?.close()
        for (const child of [...children].reverse()) await stop(child)
        rmSync(dir, { recursive: true, force: true })
        for (const close of closers.reverse()) close()
      },
    }
  } catch (error) {
    bus?.close()
    for (const child of [...children].reverse()) await stop(child)
    rmSync(dir, { recursive: true, force: true })
    for (const close of closers.reverse()) close()
    throw error
  }
}
