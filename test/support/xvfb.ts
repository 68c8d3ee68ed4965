// A private X session for real-capture tests: Xvfb on a display it picks itself (-displayfd, so
// parallel test files never collide), openbox (sets _NET_ACTIVE_WINDOW), xterm windows with
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

const waitForExit = (child: ChildProcess, ms: number) =>
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

async function startXvfb(): Promise<{ xvfb: ChildProcess; display: string }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
  })
  try {
    const display = await new Promise<string>((resolve, reject) => {
      let text = ''
      const timer = setTimeout(() => reject(new Error('Xvfb did not report its display within 15 s')), 15_000)
      xvfb.once('error', (error) => reject(new Error(`cannot start Xvfb (install xvfb): ${error.message}`)))
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited early (${code})`)))
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

export async function startXSession(): Promise<XSession> {
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
      const term = spawn('xterm', ['-class', className, '-T', title, '-geometry', '60x10', '-e', 'sh', '-c', swallow, receivedFile ?? ''], {
        env,
        stdio: 'ignore',
      })
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
  // openbox is ready once it announces itself on the root window (allow a slow, shared machine).
  for (let i = 0; ; i++) {
    const { stdout } = await run('xprop', ['-root', '_NET_SUPPORTING_WM_CHECK'], { env }).catch(() => ({ stdout: '' }))
    if (stdout.includes('window id')) break
    if (i > 300 || wm.exitCode !== null) {
      await session.close()
      throw new Error(`openbox did not start on ${display} (exit ${wm.exitCode}): ${wmErrors.trim().slice(0, 300)}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return session
}
