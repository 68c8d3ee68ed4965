// The Wayland backend's parts that need no compositor: which backend a session gets, what the
// extension and the KWin script send and how it is read, presence timing, and the shipped
// extension builds being valid JavaScript of their kind.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { backendReason, healthLabel, parseBackendReason } from '../../../shared/captureHealth'
import { createPlatformSources } from '../platformSources'
import type { InputKind } from '../types'
import { EXTENSION_UUID, extensionFiles, flavorFor } from './gnomeExtensionFiles'
import { parseExtensionWindow } from './gnomeSources'
import { kwinScript, parseKWinWindow } from './kdeSources'
import { createPresenceRecorder } from './presence'
import type { SessionBus } from './sessionBus'
import { detectDesktop } from './waylandSources'

afterEach(() => vi.useRealTimers())

describe('Wayland session detection', () => {
  it('uses the Wayland backend in a Wayland session and X11 otherwise', () => {
    expect(createPlatformSources('auto', 'linux', { XDG_SESSION_TYPE: 'wayland', DISPLAY: ':0' }).window.name).toBe(
      'wayland-window',
    )
    expect(createPlatformSources('auto', 'linux', { WAYLAND_DISPLAY: 'wayland-0' }).input.name).toBe('wayland-presence')
    expect(createPlatformSources('auto', 'linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' }).window.name).toBe(
      'x11-active-window',
    )
    expect(createPlatformSources('x11', 'linux', { WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }).window.name).toBe(
      'x11-active-window',
    )
  })

  it('tells GNOME, KDE and wlroots desktops apart by their bus names and environment', async () => {
    const busOwning = (names: string[]) =>
      ({ hasOwner: async (name: string) => names.includes(name) }) as unknown as SessionBus
    expect(await detectDesktop(busOwning(['org.gnome.Shell', 'org.kde.KWin']), {})).toBe('gnome')
    expect(await detectDesktop(busOwning(['org.kde.KWin']), {})).toBe('kde')
    expect(await detectDesktop(busOwning([]), { SWAYSOCK: '/run/user/1000/sway-ipc.sock' })).toBe('wlroots')
    expect(await detectDesktop(busOwning([]), { XDG_CURRENT_DESKTOP: 'Hyprland' })).toBe('wlroots')
    expect(await detectDesktop(busOwning([]), { XDG_CURRENT_DESKTOP: 'Weston' })).toBe('unknown')
  })
})

describe('what the desktop sends', () => {
  it('reads the GNOME extension: window class as the owner (as on X11), else the app id; nothing is no window', () => {
    const window = {
      title: 'Draft MSJ.docx',
      wm_class: 'libreoffice-writer',
      app_id: 'libreoffice-writer.desktop',
      pid: 42,
      xwayland: false,
    }
    expect(parseExtensionWindow(JSON.stringify(window))).toEqual({
      owner: 'libreoffice-writer',
      title: 'Draft MSJ.docx',
    })
    expect(
      parseExtensionWindow(JSON.stringify({ ...window, wm_class: null, app_id: 'org.gnome.TextEditor.desktop' })),
    ).toEqual({ owner: 'org.gnome.TextEditor', title: 'Draft MSJ.docx' })
    expect(parseExtensionWindow(JSON.stringify({ ...window, title: '' }))).toEqual({
      owner: 'libreoffice-writer',
      title: null,
    })
    expect(parseExtensionWindow('null')).toBeNull()
    expect(() => parseExtensionWindow(JSON.stringify({ title: 7 }))).toThrow(/unreadable window/)
  })

  it('reads the KWin script: resource class, else desktop file', () => {
    expect(
      parseKWinWindow(
        JSON.stringify({
          title: 'Inbox',
          resource_class: 'thunderbird',
          desktop_file: 'org.mozilla.Thunderbird',
          pid: 9,
        }),
      ),
    ).toEqual({ owner: 'thunderbird', title: 'Inbox' })
    expect(
      parseKWinWindow(JSON.stringify({ title: '', resource_class: '', desktop_file: 'org.kde.kate', pid: 9 })),
    ).toEqual({ owner: 'org.kde.kate', title: null })
    expect(parseKWinWindow('null')).toBeNull()
    expect(() => parseKWinWindow('{"title":1}')).toThrow()
  })
})

describe('the shipped GNOME extension and KWin script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'extension-syntax-'))

  it('has an imports build for GNOME ≤ 44 and an ES-module build for 45+, each valid JavaScript of its kind', () => {
    expect([flavorFor(43), flavorFor(44), flavorFor(45), flavorFor(48)]).toEqual(['legacy', 'legacy', 'esm', 'esm'])
    const legacy = extensionFiles('legacy')
    const esm = extensionFiles('esm')
    expect(JSON.parse(legacy['metadata.json']!)).toMatchObject({
      uuid: EXTENSION_UUID,
      'shell-version': ['40', '41', '42', '43', '44'],
    })
    expect(JSON.parse(esm['metadata.json']!)['shell-version']).toContain('45')
    expect(legacy['extension.js']).toContain('imports.gi')
    expect(legacy['extension.js']).not.toMatch(/^import /mu)
    expect(esm['extension.js']).toMatch(/^export default class/mu)
    writeFileSync(join(dir, 'legacy.cjs'), legacy['extension.js']!)
    writeFileSync(join(dir, 'esm.mjs'), esm['extension.js']!)
    writeFileSync(join(dir, 'kwin.cjs'), kwinScript(':1.42'))
    for (const file of ['legacy.cjs', 'esm.mjs', 'kwin.cjs'])
      execFileSync(process.execPath, ['--check', join(dir, file)])
    rmSync(dir, { recursive: true, force: true })
  })
})

describe('presence seconds', () => {
  it('records one presence per second while the user is active and nothing while idle', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 11, 7, 9, 0, 0, 400) })
    const seen: InputKind[] = []
    const recorder = createPresenceRecorder((kind) => void seen.push(kind))
    recorder.active()
    recorder.active() // a second "active" in the same second adds nothing
    expect(seen).toEqual(['presence'])
    vi.advanceTimersByTime(3_000)
    expect(seen).toHaveLength(4)
    recorder.idle()
    vi.advanceTimersByTime(10_000)
    expect(seen).toHaveLength(4)
    recorder.active()
    expect(seen).toHaveLength(5)
    recorder.stop()
  })
})

describe('health words', () => {
  it('names backend and state in one line that the status bar and Settings read back', () => {
    const reason = backendReason('KDE Plasma (KWin)', 'idle only', 'this desktop gives no way to see the front window')
    expect(reason).toBe('KDE Plasma (KWin): idle only (this desktop gives no way to see the front window)')
    expect(
      parseBackendReason(`${backendReason('GNOME Shell', 'needs the extension', 'switched off')}; retrying in 4 s`),
    ).toEqual({ desktop: 'GNOME Shell', state: 'needs the extension' })
    expect(healthLabel({ source: 'window', state: 'off', reason: 'cannot open display' })).toBe('window off')
  })
})
