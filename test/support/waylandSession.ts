// Private headless Wayland desktops for the capture tests: GNOME Shell (or KWin) on a D-Bus
// session bus of their own, native Wayland zenity windows with chosen titles, and key presses
// injected through Mutter's RemoteDesktop API. `close()` stops everything it started.
//
// GNOME Shell needs a system bus (a session-config dbus-daemon stands in) and trusts a stale
// /run/systemd/seats in containers, which a private mount namespace hides under a tmpfs. The
// Debian kwin_wayland carries a file capability (CAP_SYS_NICE) that sandboxes refuse to exec; a
// plain copy of the binary runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSessionBus, type SessionBus } from '../../src/main/capture/wayland/sessionBus'
import { connectWayland } from '../../src/main/capture/wayland/waylandWire'
import { sleep } from './waitUntil'
import { waitForExit } from './xvfb'

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
   * user input as a compositor sees it: GNOME, the key "a" through org.gnome.Mutter.RemoteDesktop;
   * KWin, the key "a" through its fake-input protocol; sway, a pointer motion through
   * wlr-virtual-pointer (a virtual keyboard needs a keymap passed as a file descriptor)
   */
  injectInput(): Promise<void>
  close(): Promise<void>
}

const KEYSYM = { Escape: 0xff1b, a: 0x61 } as const

/** SIGTERM, then SIGKILL if it has not exited within `ms`. */
function stop(child: ChildProcess, ms = 3_000): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  return waitForExit(child, ms)
}

/** Polls an async probe until it gives a value (the compositor's own answers, unlike waitUntil's). */
async function until<T>(
  what: string,
  probe: () => Promise<T | null>,
  timeoutMs: number,
  log: () => string,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => null)
    if (value !== null) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${log().slice(-3000)}`)
    await sleep(100)
  }
}

async function startBus(path: string, children: ChildProcess[]): Promise<string> {
  const daemon = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=unix:path=${path}`], {
    stdio: 'ignore',
  })
  children.push(daemon)
  await until(
    'dbus-daemon',
    async () => (existsSync(path) ? true : null),
    5_000,
    () => '',
  )
  return `unix:path=${path}`
}

type Compositor = 'gnome-shell' | 'kwin' | 'sway'

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
      const alive =
        Number.isInteger(owner) &&
        owner > 0 &&
        (() => {
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

interface Started {
  injectInput: () => Promise<void>
}

type Context = {
  env: NodeJS.ProcessEnv
  dir: string
  children: ChildProcess[]
  closers: (() => void)[]
  log: () => string
  spawnLogged: (command: string, args: string[]) => ChildProcess
}

/** A Wayland connection of the test's own, binding one global (closed with the session). */
async function testClient(context: Context, iface: string, version: number) {
  const wayland = await until('the Wayland socket', () => connectWayland(context.env), 15_000, context.log)
  context.closers.push(() => wayland.close())
  const global = wayland.globals().find((g) => g.interface === iface && g.version >= version)
  if (!global)
    throw new Error(
      `the compositor offers no ${iface} v${version}; it offers ${wayland
        .globals()
        .map((g) => `${g.interface} v${g.version}`)
        .join(', ')}`,
    )
  return { wayland, id: wayland.bind(global, version), seat: wayland.globals().find((g) => g.interface === 'wl_seat') }
}

const hideSystemd = () => (existsSync('/run/systemd') ? 'mount -t tmpfs tmpfs /run/systemd && ' : '')

async function startGnomeShell(context: Context, bus: SessionBus, display: string): Promise<Started> {
  context.spawnLogged('unshare', [
    '-m',
    'sh',
    '-c',
    `${hideSystemd()}exec gnome-shell --headless --virtual-monitor 1280x800 --wayland --no-x11 --wayland-display ${display}`,
  ])
  await until(
    'GNOME Shell start-up',
    async () => {
      await bus.call('org.gnome.Shell', '/org/gnome/Shell', 'org.gnome.Shell.Extensions', 'ListExtensions')
      return true
    },
    30_000,
    context.log,
  )
  const [sessionPath] = await bus.call(
    'org.gnome.Mutter.RemoteDesktop',
    '/org/gnome/Mutter/RemoteDesktop',
    'org.gnome.Mutter.RemoteDesktop',
    'CreateSession',
  )
  const remote = (member: string, signature = '', body: unknown[] = []) =>
    bus.call(
      'org.gnome.Mutter.RemoteDesktop',
      String(sessionPath),
      'org.gnome.Mutter.RemoteDesktop.Session',
      member,
      signature,
      body,
    )
  await remote('Start')
  const pressKey = async (keysym: number) => {
    await remote('NotifyKeyboardKeysym', 'ub', [keysym, true])
    await remote('NotifyKeyboardKeysym', 'ub', [keysym, false])
  }
  // The shell starts in the Overview once start-up is complete; Escape leaves it (again until it
  // has, in case start-up was still finishing).
  const overview = async () => {
    const [value] = await bus.call(
      'org.gnome.Shell',
      '/org/gnome/Shell',
      'org.freedesktop.DBus.Properties',
      'Get',
      'ss',
      ['org.gnome.Shell', 'OverviewActive'],
    )
    return (value as { value: unknown }).value === true
  }
  await until('the Overview at start-up', async () => ((await overview()) ? true : null), 30_000, context.log)
  await until(
    'the Overview closed',
    async () => {
      await pressKey(KEYSYM.Escape)
      await sleep(300)
      return (await overview()) ? null : true
    },
    15_000,
    context.log,
  )
  return { injectInput: () => pressKey(KEYSYM.a) }
}

async function startKWin(context: Context, bus: SessionBus, display: string): Promise<Started> {
  // fake input is for privileged clients (X-KDE-Wayland-Interfaces); the test process is one
  context.env.KWIN_WAYLAND_NO_PERMISSION_CHECKS = '1'
  const kwin = join(context.dir, 'kwin_wayland')
  copyFileSync(execFileSync('sh', ['-c', 'command -v kwin_wayland']).toString().trim(), kwin) // drops the file capability
  execFileSync('chmod', ['755', kwin])
  context.spawnLogged('unshare', [
    '-m',
    'sh',
    '-c',
    `${hideSystemd()}exec "${kwin}" --virtual --no-lockscreen --width 1280 --height 800 --socket ${display}`,
  ])
  await until('KWin on the bus', async () => ((await bus.hasOwner('org.kde.KWin')) ? true : null), 30_000, context.log)
  const { wayland, id: fakeInput } = await testClient(context, 'org_kde_kwin_fake_input', 4)
  wayland.request(fakeInput, 0, [{ string: 'BillOps tests' }, { string: 'inject test input' }]) // authenticate
  return {
    async injectInput() {
      const KEY_A = 30 // evdev code
      wayland.request(fakeInput, 10, [{ uint: KEY_A }, { uint: 1 }]) // keyboard_key pressed
      wayland.request(fakeInput, 10, [{ uint: KEY_A }, { uint: 0 }])
      await wayland.roundtrip()
    },
  }
}

/** sway refuses to run as root: it runs as `nobody` in a runtime folder of its own. */
async function startSway(context: Context): Promise<Started> {
  const runtime = context.env.XDG_RUNTIME_DIR as string
  execFileSync('chmod', ['755', context.dir])
  execFileSync('chown', ['nobody', runtime])
  writeFileSync(join(context.dir, 'sway.config'), 'output HEADLESS-1 resolution 1280x800\n')
  Object.assign(context.env, {
    WLR_BACKENDS: 'headless',
    WLR_LIBINPUT_NO_DEVICES: '1',
    WLR_RENDERER: 'pixman',
    XDG_CURRENT_DESKTOP: 'sway',
  })
  context.spawnLogged('setpriv', [
    '--reuid=nobody',
    '--regid=nogroup',
    '--clear-groups',
    'sway',
    '-c',
    join(context.dir, 'sway.config'),
  ])
  context.env.WAYLAND_DISPLAY = await until(
    'the sway socket',
    async () => readdirSync(runtime).find((name) => /^wayland-\d+$/u.test(name)) ?? null,
    15_000,
    context.log,
  )
  const { wayland, id: manager, seat } = await testClient(context, 'zwlr_virtual_pointer_manager_v1', 1)
  const seatId = seat ? wayland.bind(seat, 1) : 0
  const pointer = wayland.newId()
  wayland.request(manager, 0, [{ object: seatId }, { uint: pointer }]) // create_virtual_pointer
  return {
    async injectInput() {
      wayland.request(pointer, 0, [{ uint: Date.now() >>> 0 }, { fixed: 5 }, { fixed: 5 }]) // motion
      wayland.request(pointer, 4, []) // frame
      await wayland.roundtrip()
    },
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
  const closeAll = async () => {
    bus?.close()
    for (const child of [...children].reverse()) await stop(child)
    rmSync(dir, { recursive: true, force: true })
    for (const close of closers.reverse()) close()
  }
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
    const log = () => output
    const spawnLogged = (command: string, args: string[]) => {
      const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      children.push(child)
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
      return child
    }
    const context: Context = { env, dir, children, closers, log, spawnLogged }
    const bus_ = await openSessionBus(env)
    bus = bus_
    const started =
      compositor === 'gnome-shell'
        ? await startGnomeShell(context, bus_, display)
        : compositor === 'kwin'
          ? await startKWin(context, bus_, display)
          : await startSway(context)

    return {
      env,
      bus: bus_,
      injectInput: started.injectInput,
      async openWindow(title) {
        const zenity = spawn('zenity', ['--info', '--title', title, '--text', 'BillOps capture test'], {
          env,
          stdio: 'ignore',
        })
        children.push(zenity)
        await sleep(300)
        if (zenity.exitCode !== null)
          throw new Error(`zenity exited at once (${zenity.exitCode})\n${log().slice(-2000)}`)
      },
      close: closeAll,
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}
