// Keyboard and mouse counts through uiohook-napi: the backend for macOS and Windows (and X11 when
// asked for). uiohook hands every native event to JS, mouse moves included, so the listener does
// the least possible per event: one switch, one counter. Key codes, characters, modifiers and
// coordinates are read by nobody (positions only pass through the in-memory jitter filter).
import { createJitterFilter } from './jitterFilter'
import type { InputListener, InputSource, SourceLifecycle } from './types'
import { errorMessage } from '../../shared/errorMessage'

/** The part of uiohook-napi we use, so tests can hand in a fake or a failing hook. */
export interface UiohookLike {
  on(event: 'input', listener: (event: { type: number; x?: number; y?: number }) => void): unknown
  removeAllListeners(event?: string): unknown
  start(): void
  stop(): void
}

// uiohook-napi's EventType values.
const KEY_PRESSED = 4
const MOUSE_PRESSED = 7
const MOUSE_MOVED = 9
const MOUSE_WHEEL = 11

export interface UiohookSourceOptions {
  /** loads the hook; defaults to requiring uiohook-napi (a native module that may fail to load) */
  loadHook?: () => Promise<UiohookLike>
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  /** macOS: whether the app holds the Accessibility permission (uiohook crashes without it) */
  hasAccessibilityPermission?: () => boolean
}

async function loadUiohook(): Promise<UiohookLike> {
  const module = await import('uiohook-napi')
  return module.uIOhook as unknown as UiohookLike
}

export function createUiohookInputSource(options: UiohookSourceOptions = {}): InputSource {
  const platform = options.platform ?? process.platform
  const env = options.env ?? process.env
  let hook: UiohookLike | null = null

  return {
    name: 'uiohook-napi',
    async start(onInput: InputListener, lifecycle: SourceLifecycle) {
      if (platform === 'linux' && !env.DISPLAY)
        throw new Error('no X server: DISPLAY is not set (uiohook needs X11 or XWayland)')
      if (platform === 'darwin' && options.hasAccessibilityPermission && !options.hasAccessibilityPermission()) {
        throw new Error(
          'macOS Accessibility permission missing: allow BillOps Tracker in System Settings → Privacy & Security → Accessibility',
        )
      }
      const loaded = await (options.loadHook ?? loadUiohook)()
      const jitter = createJitterFilter()
      loaded.on('input', (event) => {
        switch (event.type) {
          case KEY_PRESSED:
            onInput('keyboard', 1)
            break
          case MOUSE_PRESSED:
            onInput('mouse_click', 1)
            break
          case MOUSE_WHEEL:
            onInput('mouse_scroll', 1)
            break
          case MOUSE_MOVED:
            if (jitter.moved(event.x ?? 0, event.y ?? 0)) onInput('mouse_move', 1)
            break
        }
      })
      try {
        loaded.start()
      } catch (error) {
        loaded.removeAllListeners('input')
        throw new Error(`uiohook failed to start: ${errorMessage(error)}`)
      }
      hook = loaded
      if (platform === 'linux' && (env.XDG_SESSION_TYPE === 'wayland' || env.WAYLAND_DISPLAY)) {
        lifecycle.degraded('Wayland session: uiohook only sees input to XWayland apps')
      }
    },
    async stop() {
      if (!hook) return
      hook.removeAllListeners('input')
      try {
        hook.stop()
      } finally {
        hook = null
      }
    },
  }
}
