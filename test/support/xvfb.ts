// A private X session for real-capture tests: Xvfb on a random free display (so parallel test
// files never collide), openbox (sets _NET_ACTIVE_WINDOW), xterm windows with
// chosen classes, xdotool to type, click and switch focus. `close()` stops everything it started.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface XSession {
  display: string
  env: NodeJS.ProcessEnv
  /**
   * Opens an xterm with WM_CLASS `className` that swallows typed text, or writes every byte it
   * receives to `receivedFile` at once (the ground truth of which window got which keys).
   */
  openWindow(className: string, title: string, receivedFile?: string): Promise<string>
  activate(windowId: string): Promise<void>
  xdotool(...args: string[]): Promise<string>
  /** kills the X server (and with it every client): for tests of a vanishing display */
  killServer(): Promise<void>
  close(): Promise<void>
}

/** Resolves when `child` exits, or kills it (SIGKILL) after `ms`. */
export const waitForExit = (child: ChildProcess, ms: number) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      resolve()
    }, ms)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })

/** Xvfb quit before it was ready (the display number was taken). */
class XvfbExited extends Error {}

/**
 * Xvfb on a display number of our own choosing. Left to pick (-displayfd alone), every server
 * here tries :0, :1, … in turn and takes no lock file, so servers started together (the lanes of
 * crashSafety.test.ts, other test files) all contend for the same low numbers and the stale
 * sockets killed servers leave there. A random number in a wide range almost never meets another;
 * when it does, Xvfb exits and another number is tried.
 */
async function startXvfb(): Promise<{ xvfb: ChildProcess; display: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startXvfbOn(200 + Math.floor(Math.random() * 30_000))
    } catch (error) {
      if (!(error instanceof XvfbExited) || attempt === 5) throw error
    }
  }
}

async function startXvfbOn(displayNumber: number): Promise<{ xvfb: ChildProcess; display: string }> {
  const xvfb = spawn(
    'Xvfb',
    [`:${displayNumber}`, '-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
    {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    },
  )
  try {
    const display = await new Promise<string>((resolve, reject) => {
      let text = ''
      const timer = setTimeout(() => reject(new Error('Xvfb did not report its display within 15 s')), 15_000)
      xvfb.once('error', (error) => reject(new Error(`cannot start Xvfb (install xvfb): ${error.message}`)))
      xvfb.once('exit', (code) => reject(new XvfbExited(`Xvfb exited early on :${displayNumber} (${code})`)))
      // written once the server accepts connections
      xvfb.stdio[3]?.on('data', (chunk: Buffer) => {
        text += chunk.toString()
        if (text.includes('\n')) {
          clearTimeout(timer)
          resolve(`:${text.trim()}`)
        }
      })
    })
    return { xvfb, display }
  } catch (error) {
    xvfb.kill('SIGKILL')
    throw error
  }
}

/** openbox quit before managing the display (its message, if it gave one, is in `message`). */
class WindowManagerExited extends Error {}

/**
 * A fresh Xvfb and openbox. On one CI run openbox quit at start (exit 1, its message lost in
 * flight; not reproduced in 75 starts of three sessions at once, nor in 20 races next to a stale
 * socket). Should it happen again, the session is torn down and started again on a new display,
 * twice at most: a test fails only when openbox cannot start at all, and then with everything it
 * and Xvfb said.
 */
export async function startXSession(): Promise<XSession> {
  const failures: string[] = []
  for (;;) {
    try {
      return await startXSessionOnce()
    } catch (error) {
      if (!(error instanceof WindowManagerExited) || failures.length === 2) {
        throw failures.length
          ? new Error(`${(error as Error).message} (earlier attempts: ${failures.join('; ')})`)
          : error
      }
      failures.push((error as Error).message)
    }
  }
}

async function startXSessionOnce(): Promise<XSession> {
  const { xvfb, display } = await startXvfb()
  const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: display, XAUTHORITY: '/nonexistent' }
  delete env.WAYLAND_DISPLAY
  delete env.XDG_SESSION_TYPE
  const children: ChildProcess[] = []
  const xdotool = async (...args: string[]) => (await run('xdotool', args, { env, timeout: 20_000 })).stdout.trim()

  const session: XSession = {
    display,
    env,
    async openWindow(className, title, receivedFile) {
      const swallow = receivedFile ? 'stty -echo -icanon min 1; exec cat > "$0"' : 'stty -echo; cat > /dev/null'
      const term = spawn(
        'xterm',
        ['-class', className, '-T', title, '-geometry', '60x10', '-e', 'sh', '-c', swallow, receivedFile ?? ''],
        {
          env,
          stdio: 'ignore',
        },
      )
      children.push(term)
      const ids = await xdotool('search', '--sync', '--onlyvisible', '--class', className)
      const id = ids.split('\n')[0]
      if (!id) throw new Error(`window of class ${className} did not appear`)
      return id
    },
    async activate(windowId) {
      await xdotool('windowactivate', '--sync', windowId)
    },
    xdotool,
    async killServer() {
      xvfb.kill('SIGKILL')
      await waitForExit(xvfb, 5_000)
    },
    async close() {
      for (const child of children.reverse()) child.kill('SIGTERM')
      await Promise.all(children.map((child) => waitForExit(child, 3_000)))
      xvfb.kill('SIGTERM')
      await waitForExit(xvfb, 5_000)
    },
  }

  const wm = spawn('openbox', ['--sm-disable'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  children.push(wm)
  let wmErrors = ''
  wm.stderr?.on('data', (chunk: Buffer) => void (wmErrors += chunk.toString()))
  // all of its stderr, which may still be in flight when its exit is seen
  const wmOutputDone = new Promise<void>((resolve) =>
    wm.stderr ? wm.stderr.once('close', () => resolve()) : resolve(),
  )
  // openbox is ready once it announces itself on the root window (allow a slow, shared machine).
  for (let i = 0; ; i++) {
    const { stdout } = await run('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { env }).catch(() => ({ stdout: '' }))
    if (stdout.includes('window id')) break
    if (i > 300 || wm.exitCode !== null) {
      const exited = wm.exitCode !== null
      if (exited) await Promise.race([wmOutputDone, new Promise((resolve) => setTimeout(resolve, 2_000))])
      const xvfbState =
        xvfb.exitCode !== null || xvfb.signalCode !== null
          ? `Xvfb had exited (${xvfb.exitCode ?? xvfb.signalCode})`
          : 'Xvfb still running'
      await session.close()
      const message = `openbox did not start on ${display} (exit ${wm.exitCode}; ${xvfbState}): ${wmErrors.trim().slice(0, 300)}`
      throw exited ? new WindowManagerExited(message) : new Error(message)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return session
}
