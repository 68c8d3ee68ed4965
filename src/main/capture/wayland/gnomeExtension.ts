// Puts our GNOME Shell extension in place and tells what it can do now. The shell reads the
// extensions folder only at login: a copy written during this session loads at the next one, so
// until then the honest answer is "needs a new login" (and capture is idle only).
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { EXTENSION_UUID, extensionFiles, flavorFor } from './gnomeExtensionFiles'
import type { SessionBus } from './sessionBus'
import type { BackendState } from '../../../shared/captureHealth'

const SHELL = 'org.gnome.Shell'
const EXTENSIONS_IFACE = 'org.gnome.Shell.Extensions'

/** ExtensionState in GNOME Shell's extensionUtils (same numbers in 40–49). */
const ExtensionState = { ENABLED: 1, DISABLED: 2, ERROR: 3, OUT_OF_DATE: 4, INITIALIZED: 6, ENABLING: 8 } as const

export interface ExtensionCheck {
  state: BackendState
  /** what is missing, in words a user can act on; null when ok */
  detail: string | null
  /** the files were written (new or changed) by this call */
  wrote: boolean
  /**
   * false while the answer may still change by itself: the shell does not know the extension yet
   * or has not enabled it yet (both happen while it starts up)
   */
  settled: boolean
}

const variantValue = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value

export function extensionsFolder(env: NodeJS.ProcessEnv): string {
  const dataHome = env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share')
  return join(dataHome, 'gnome-shell', 'extensions', EXTENSION_UUID)
}

/** Writes the files that differ from what is installed; true when anything was written. */
export function installExtensionFiles(folder: string, shellMajor: number): boolean {
  let wrote = false
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  for (const [name, text] of Object.entries(extensionFiles(flavorFor(shellMajor)))) {
    const path = join(folder, name)
    let current: string | null = null
    try {
      current = readFileSync(path, 'utf8')
    } catch {
      current = null
    }
    if (current === text) continue
    writeFileSync(path, text, { mode: 0o600 })
    chmodSync(path, 0o600)
    wrote = true
  }
  return wrote
}

async function shellProperty(bus: SessionBus, iface: string, name: string): Promise<unknown> {
  const [value] = await bus.call(SHELL, '/org/gnome/Shell', 'org.freedesktop.DBus.Properties', 'Get', 'ss', [
    iface,
    name,
  ])
  return variantValue(value)
}

export async function shellMajorVersion(bus: SessionBus): Promise<number> {
  const version = String(await shellProperty(bus, SHELL, 'ShellVersion'))
  const major = Number.parseInt(version, 10)
  if (!Number.isFinite(major)) throw new Error(`GNOME Shell reports an unreadable version "${version}"`)
  return major
}

async function extensionState(bus: SessionBus): Promise<{ state: number | null; error: string | null }> {
  const [info] = await bus.call(SHELL, '/org/gnome/Shell', EXTENSIONS_IFACE, 'GetExtensionInfo', 's', [EXTENSION_UUID])
  const fields = (info ?? {}) as Record<string, unknown>
  const state = variantValue(fields.state)
  const error = variantValue(fields.error)
  return {
    state: typeof state === 'number' ? state : null,
    error: typeof error === 'string' && error !== '' ? error : null,
  }
}

/**
 * Installs (or updates) the extension, asks the shell to enable it, and reports whether it runs
 * in this session. Rejects only when GNOME Shell does not answer at all.
 */
export async function ensureGnomeExtension(bus: SessionBus, env: NodeJS.ProcessEnv): Promise<ExtensionCheck> {
  const major = await shellMajorVersion(bus)
  const folder = extensionsFolder(env)
  let wrote: boolean
  try {
    wrote = installExtensionFiles(folder, major)
  } catch (error) {
    return {
      state: 'needs the extension',
      detail: `could not write ${folder}: ${String(error)}`,
      wrote: false,
      settled: true,
    }
  }
  if ((await shellProperty(bus, EXTENSIONS_IFACE, 'UserExtensionsEnabled')) === false) {
    return {
      state: 'needs the extension',
      detail: 'extensions are switched off in GNOME (turn on "Use Extensions" in the Extensions app)',
      wrote,
      settled: true,
    }
  }
  let { state, error } = await extensionState(bus)
  if (state !== ExtensionState.ENABLED && state !== ExtensionState.ENABLING) {
    // A shell that does not know the extension (copied after login) answers false; at the next
    // login it knows it, and this call enables it then.
    await bus.call(SHELL, '/org/gnome/Shell', EXTENSIONS_IFACE, 'EnableExtension', 's', [EXTENSION_UUID])
    ;({ state, error } = await extensionState(bus))
  }
  const check = (state_: BackendState, detail: string | null, settled = true): ExtensionCheck => ({
    state: state_,
    detail,
    wrote,
    settled,
  })
  if (state === null)
    return check(
      'needs a new login',
      'the BillOps extension is installed, but GNOME Shell has not loaded it; it loads at the next login',
      wrote,
    )
  // an older copy that runs keeps serving the same interface until the next login loads the new one
  if (state === ExtensionState.ENABLED || state === ExtensionState.ENABLING) return check('ok', null)
  if (state === ExtensionState.OUT_OF_DATE)
    return check('needs the extension', `the BillOps extension does not support GNOME Shell ${major}`)
  if (state === ExtensionState.ERROR)
    return check('needs the extension', `the BillOps extension failed in GNOME Shell: ${error ?? 'no reason given'}`)
  return check(
    'needs the extension',
    `the BillOps extension is switched off (state ${state}); turn it on in the Extensions app`,
    false,
  )
}
