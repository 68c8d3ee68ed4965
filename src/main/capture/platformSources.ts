// Picks the real capture sources for this platform. On Linux the X11 backend (one socket, no
// per-motion or per-poll cost) is the default, and the Wayland backends (wayland/) in a Wayland
// session, where X11 would see XWayland only; `hooks` selects uiohook-napi + get-windows, the
// backend of macOS and Windows. The system-state source (powerMonitor) exists only in the app.
import { createGetWindowsSource } from './getWindowsSource'
import type { CaptureSources } from './types'
import { createUiohookInputSource } from './uiohookInputSource'
import { createWaylandSources, isWaylandSession } from './wayland/waylandSources'
import { createX11Sources } from './x11/x11Sources'

export type CaptureBackend = 'auto' | 'x11' | 'wayland' | 'hooks'

export function createPlatformSources(
  backend: CaptureBackend = 'auto',
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  /** macOS: the app's Accessibility check (systemPreferences.isTrustedAccessibilityClient(false)) */
  hasAccessibilityPermission?: () => boolean,
): Required<Pick<CaptureSources, 'input' | 'window'>> {
  const linuxAuto = backend === 'auto' && platform === 'linux'
  if (backend === 'wayland' || (linuxAuto && isWaylandSession(env))) return createWaylandSources({ env })
  if (backend === 'x11' || linuxAuto) return createX11Sources({ env })
  return {
    input: createUiohookInputSource({ platform, env, hasAccessibilityPermission }),
    window: createGetWindowsSource({ platform, env }),
  }
}
