// Issue #13: the renderer can open only a fixed set of external pages in the user's browser:
// the configured BillOps server and the help pages. Everything else is denied.
import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { APP_ORIGIN } from './appOrigin'
import { HELP_URL, hardenWebContents, isAllowedExternal } from './hardenWebContents'

function fakeContents() {
  return new (class extends EventEmitter {
    handler: ((d: { url: string }) => { action: string }) | null = null
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
      this.handler = h
    }
  })()
}

describe('external links', () => {
  it('opens only the configured server and the help pages', () => {
    const contents = fakeContents()
    const openExternal = vi.fn()
    let server: string | null = 'https://billops.acme.test/'
    hardenWebContents(contents as never, { trustedOrigins: [APP_ORIGIN], openExternal, serverUrl: () => server })
    const open = (url: string) => contents.handler!({ url })
    for (const url of [
      'https://evil.example/',
      'https://billops.acme.test.evil.example/',
      'http://billops.acme.test/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user@billops.acme.test/',
    ]) {
      expect(open(url)).toEqual({ action: 'deny' })
    }
    expect(openExternal).not.toHaveBeenCalled()
    expect(open('https://billops.acme.test/entries/42')).toEqual({ action: 'deny' })
    expect(open(`${HELP_URL}/getting-started`)).toEqual({ action: 'deny' })
    expect(openExternal.mock.calls).toEqual([['https://billops.acme.test/entries/42'], [`${HELP_URL}/getting-started`]])
    // the allow-list follows the settings: a server no longer configured is no longer allowed
    server = null
    open('https://billops.acme.test/entries/42')
    expect(openExternal).toHaveBeenCalledTimes(2)
  })

  it('allows the help pages, not the rest of their site', () => {
    expect(isAllowedExternal(HELP_URL, null)).toBe(true)
    expect(isAllowedExternal(`${HELP_URL}/sync#token`, null)).toBe(true)
    expect(isAllowedExternal(`${new URL(HELP_URL).origin}/login`, null)).toBe(false)
    expect(isAllowedExternal(`${HELP_URL}-evil`, null)).toBe(false)
  })
})
