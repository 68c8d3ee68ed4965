// Installers cannot be built here (electron-builder downloads Electron), so at least the config
// must stay valid: electron-builder's own validator, run over electron-builder.yml.
import { readFileSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>
}
// js-yaml and app-builder-lib come with electron-builder (pinned by the lock file).
const { load } = require('js-yaml') as { load(text: string): unknown }
const logger = { isEnabled: false, add() {} }

describe('electron-builder.yml', () => {
  const config = load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, Record<string, unknown>>

  it("passes electron-builder's schema validation", async () => {
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined()
  })

  it('would be rejected if it were invalid (the validator really runs)', async () => {
    await expect(
      validateConfiguration({ ...config, linux: { target: 'AppImage', bogusOption: true } }, logger),
    ).rejects.toThrow(/Invalid configuration object/)
  })

  it('targets AppImage + deb, NSIS and dmg, with icons that exist', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.win.target).toEqual(['nsis'])
    expect(config.mac.target).toEqual(['dmg'])
    for (const platform of ['linux', 'win', 'mac']) expect(existsSync(String(config[platform].icon))).toBe(true)
  })

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or inspector, asar only and checked, encrypted cookies, no file:// privileges', async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    // the fuses only work from an asar archive
    expect(config.asar).not.toBe(false)
    // electron-builder's schema checks the fuse names (a misspelt fuse is refused)
    await expect(
      validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }, logger),
    ).rejects.toThrow(/Invalid configuration object/)
  })

  it('signs macOS builds with explicit entitlements: JIT and Apple events only, library validation kept', () => {
    expect(config.mac.entitlements).toBe('resources/entitlements.mac.plist')
    expect(config.mac.entitlementsInherit).toBe('resources/entitlements.mac.plist')
    const plist = readFileSync(String(config.mac.entitlements), 'utf8').replace(/<!--[\s\S]*?-->/gu, '')
    const keys = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/gu)].map((m) => m[1])
    expect(keys).toEqual(['com.apple.security.cs.allow-jit', 'com.apple.security.automation.apple-events'])
  })
})
