// KDE Plasma (KWin) on Wayland: a KWin script loaded over D-Bus calls back into an object of ours
// whenever the active window or its caption changes (`workspace.windowActivated` on Plasma 6,
// `clientActivated` on Plasma 5). The script is unloaded when capture stops.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import type { ActiveWindow } from '../types'
import type { WaylandWindowBackend } from './backend'
import type { SessionBus } from './sessionBus'

export const KDE = 'KDE Plasma (KWin)'
const KWIN = 'org.kde.KWin'
const SCRIPTING_IFACE = 'org.kde.kwin.Scripting'
const CALLBACK_PATH = '/app/billops/KWinFocus'
const CALLBACK_IFACE = 'app.billops.KWinFocus1'

const KWinWindow = z
  .object({ title: z.string(), resource_class: z.string(), desktop_file: z.string(), pid: z.number() })
  .nullable()

export function parseKWinWindow(json: string): ActiveWindow | null {
  const window = KWinWindow.parse(JSON.parse(json))
  if (!window) return null
  const owner = window.resource_class || window.desktop_file
  return { owner: owner || 'unknown', title: window.title || null }
}

/** The script KWin runs: it only reads the active window's caption, class and desktop file. */
export function kwinScript(callbackName: string): string {
  const target = JSON.stringify([callbackName, CALLBACK_PATH, CALLBACK_IFACE, 'Changed'])
  return `// BillOps Tracker: tells the app which window is in front (nothing else).
const target = ${target};
let current = null;
function send() {
  const w = current;
  const json = w ? JSON.stringify({ title: String(w.caption || ''), resource_class: String(w.resourceClass || ''), desktop_file: String(w.desktopFileName || ''), pid: Number(w.pid) || 0 }) : 'null';
  callDBus(target[0], target[1], target[2], target[3], json);
}
function follow(w) {
  if (current && current.captionChanged) current.captionChanged.disconnect(send);
  current = w || null;
  if (current && current.captionChanged) current.captionChanged.connect(send);
  send();
}
(workspace.windowActivated || workspace.clientActivated).connect(follow);
follow(workspace.activeWindow !== undefined ? workspace.activeWindow : workspace.activeClient);
`
}

export function createKdeWindowBackend(): WaylandWindowBackend {
  let loaded: { bus: SessionBus; plugin: string; dir: string; unserve: () => void } | null = null
  const scripting = (bus: SessionBus, member: string, signature = '', body: unknown[] = []) =>
    bus.call(KWIN, '/Scripting', SCRIPTING_IFACE, member, signature, body)
  return {
    async start(bus, _env, onChange, lifecycle) {
      const plugin = `billops-focus-${process.pid}`
      // only KWin may tell us the front window
      const kwin = await bus.ownerOf(KWIN)
      const unserve = bus.serve(CALLBACK_PATH, (message) => {
        if (message.interface !== CALLBACK_IFACE || message.member !== 'Changed' || message.sender !== kwin) return null
        try {
          onChange(parseKWinWindow(String(message.body[0])))
        } catch (error) {
          lifecycle.failed(`${KDE}: the KWin script sent an unreadable window: ${String(error)}`)
        }
        return { signature: '', body: [] }
      })
      const dir = mkdtempSync(join(tmpdir(), 'billops-kwin-'))
      loaded = { bus, plugin, dir, unserve }
      const file = join(dir, 'focus.js')
      writeFileSync(file, kwinScript(bus.uniqueName()), { mode: 0o600 })
      const [wasLoaded] = await scripting(bus, 'isScriptLoaded', 's', [plugin])
      if (wasLoaded === true) await scripting(bus, 'unloadScript', 's', [plugin])
      // loadScript is overloaded ((s) and (ss)): a raw message with the (ss) signature
      const [id] = await scripting(bus, 'loadScript', 'ss', [file, plugin])
      if (typeof id !== 'number' || id < 0)
        throw new Error(`${KDE}: KWin refused the focus script (loadScript returned ${String(id)})`)
      // Plasma 5.27 and 6 put the script at /Scripting/Script<id>; older KWin at /<id>.
      const run = (path: string) => bus.call(KWIN, path, 'org.kde.kwin.Script', 'run')
      await run(`/Scripting/Script${id}`).catch(() => run(`/${id}`))
    },
    async stop() {
      const was = loaded
      loaded = null
      if (!was) return
      was.unserve()
      await scripting(was.bus, 'unloadScript', 's', [was.plugin]).catch(() => {})
      rmSync(was.dir, { recursive: true, force: true })
    },
  }
}
