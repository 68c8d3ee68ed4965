import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { fetchIcs, MAX_ICS_BYTES } from './fetchIcs'
import { isPrivateAddress } from './subscriptionUrl'

const NO_VALIDATORS = { etag: null, lastModified: null }
const CALENDAR = 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'
const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

/** A fetch that answers from a table of URL → response, recording what was asked. */
function fakeFetch(answers: Record<string, () => Response>) {
  const asked: string[] = []
  const impl = (async (input: string | URL | Request) => {
    const url = String(input)
    asked.push(url)
    const answer = answers[url]
    if (!answer) throw new TypeError('fetch failed')
    return answer()
  }) as typeof fetch
  return { impl, asked }
}
const redirect = (location: string) => () => new Response(null, { status: 302, headers: { location } })
const calendar = () => new Response(CALENDAR, { status: 200 })

describe('redirects of a subscription', () => {
  it('are followed to another public https host', async () => {
    const { impl, asked } = fakeFetch({
      'https://calendar.example.com/me.ics': redirect('https://cdn.example.net/me.ics'),
      'https://cdn.example.net/me.ics': calendar,
    })
    expect(await fetchIcs(impl, 'https://calendar.example.com/me.ics', NO_VALIDATORS)).toMatchObject({
      kind: 'ok',
      text: CALENDAR,
    })
    expect(asked).toEqual(['https://calendar.example.com/me.ics', 'https://cdn.example.net/me.ics'])
  })

  it.each([
    ['a private address', 'https://10.1.2.3/me.ics'],
    ['cloud metadata (link-local)', 'https://169.254.169.254/latest/meta-data/'],
    ['this machine', 'http://127.0.0.1:8080/admin'],
    ['this machine over https', 'https://localhost/admin'],
    ['a private IPv6 address', 'https://[fd00::1]/me.ics'],
    ['plain http', 'http://calendar.example.com/me.ics'],
  ])('are refused to %s, and the address is not asked', async (_what, target) => {
    const { impl, asked } = fakeFetch({ 'https://calendar.example.com/me.ics': redirect(target) })
    const result = await fetchIcs(impl, 'https://calendar.example.com/me.ics', NO_VALIDATORS)
    expect(result).toMatchObject({
      kind: 'failed',
      error: expect.stringMatching(/redirected to .* not followed|must use https/) as string,
    })
    expect(asked).toEqual(['https://calendar.example.com/me.ics'])
  })

  it('from a server on this machine may stay on it (a development server)', async () => {
    const { impl } = fakeFetch({
      'http://127.0.0.1:9999/a.ics': redirect('/b.ics'),
      'http://127.0.0.1:9999/b.ics': calendar,
    })
    expect(await fetchIcs(impl, 'http://127.0.0.1:9999/a.ics', NO_VALIDATORS)).toMatchObject({ kind: 'ok' })
  })

  it('knows the private ranges by their literals', () => {
    for (const host of [
      '10.0.0.1',
      '172.16.5.4',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.0.1',
      '100.64.0.1',
      '0.0.0.0',
      '[::1]',
      '[fe80::1]',
      '[fc00::2]',
      '[::ffff:127.0.0.1]',
    ]) {
      expect(isPrivateAddress(host), host).toBe(true)
    }
    for (const host of ['8.8.8.8', '172.32.0.1', 'calendar.example.com', '[2606:4700::1111]'])
      expect(isPrivateAddress(host), host).toBe(false)
  })
})

describe('the size limit', () => {
  it('stops a chunked 100 MB body at the limit while it streams, without reading the rest', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'A')
    let sent = 0
    let finished = false
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/calendar' }) // no Content-Length: chunked
      const pump = () => {
        while (sent < 100 * chunk.length) {
          sent += chunk.length
          if (!response.write(chunk)) return void response.once('drain', pump)
        }
        finished = true
        response.end()
      }
      pump()
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { port } = server.address() as AddressInfo
    const result = await fetchIcs(fetch, `http://127.0.0.1:${port}/big.ics`, NO_VALIDATORS)
    server.closeAllConnections()
    expect(result).toEqual({ kind: 'failed', error: 'the calendar is larger than 32 MB' })
    expect(finished).toBe(false)
    // What the server got out before the client stopped reading: the limit and the socket buffers.
    expect(sent).toBeLessThan(MAX_ICS_BYTES + 16 * chunk.length)
  })

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const { impl } = fakeFetch({
      'https://calendar.example.com/me.ics': () =>
        new Response('x', { status: 200, headers: { 'content-length': String(MAX_ICS_BYTES + 1) } }),
    })
    expect(await fetchIcs(impl, 'https://calendar.example.com/me.ics', NO_VALIDATORS)).toEqual({
      kind: 'failed',
      error: 'the calendar is larger than 32 MB',
    })
  })
})

describe('the body', () => {
  it('is decoded as the calendar file is (UTF-16 with a BOM)', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CALENDAR, 'utf16le')])
    const { impl } = fakeFetch({ 'https://calendar.example.com/me.ics': () => new Response(bytes, { status: 200 }) })
    expect(await fetchIcs(impl, 'https://calendar.example.com/me.ics', NO_VALIDATORS)).toMatchObject({
      kind: 'ok',
      text: CALENDAR,
    })
  })
})
