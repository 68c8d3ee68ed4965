import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDisplay, readAuthCookie, X11Connection } from './x11Connection'

function xauthEntry(family: number, address: string, display: string, cookie: Buffer): Buffer {
  const field = (value: Buffer) => {
    const length = Buffer.alloc(2)
    length.writeUInt16BE(value.length)
    return Buffer.concat([length, value])
  }
  const head = Buffer.alloc(2)
  head.writeUInt16BE(family)
  return Buffer.concat([
    head,
    field(Buffer.from(address)),
    field(Buffer.from(display)),
    field(Buffer.from('MIT-MAGIC-COOKIE-1')),
    field(cookie),
  ])
}

describe('X11 connection basics', () => {
  it('understands the usual DISPLAY forms', () => {
    expect(parseDisplay(':0')).toEqual({ path: '/tmp/.X11-unix/X0', displayNumber: 0 })
    expect(parseDisplay(':12.0')).toEqual({ path: '/tmp/.X11-unix/X12', displayNumber: 12 })
    expect(parseDisplay('unix:3')).toEqual({ path: '/tmp/.X11-unix/X3', displayNumber: 3 })
    expect(parseDisplay('remote:1')).toEqual({ host: 'remote', port: 6001, displayNumber: 1 })
    expect(() => parseDisplay('wayland-0')).toThrow(/cannot parse DISPLAY/u)
  })

  it('picks the cookie for this host and display from the Xauthority file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xauth-'))
    try {
      const file = join(dir, 'Xauthority')
      const mine = Buffer.from('0123456789abcdef')
      writeFileSync(
        file,
        Buffer.concat([
          xauthEntry(256, 'otherhost', '1', Buffer.from('nope')),
          xauthEntry(256, hostname(), '1', mine),
          xauthEntry(256, hostname(), '2', Buffer.from('two')),
        ]),
      )
      expect(readAuthCookie(1, { XAUTHORITY: file })).toEqual(mine)
      expect(readAuthCookie(2, { XAUTHORITY: file })?.toString()).toBe('two')
      expect(readAuthCookie(1, { XAUTHORITY: join(dir, 'missing') })).toBeNull()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('fails with a clear message when there is no X server', async () => {
    await expect(X11Connection.connect(undefined)).rejects.toThrow('no X server: DISPLAY is not set')
    await expect(X11Connection.connect(':4093', { XAUTHORITY: '/nonexistent' })).rejects.toThrow(
      /cannot connect to X server :4093/u,
    )
  })
})
