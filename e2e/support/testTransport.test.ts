// Issue #13: the e2e test transport forwards to a real dispatcher, so it answers only this run's
// browser: a per-run secret (handed over once through the start URL, then an HttpOnly cookie)
// and its own Host header (a DNS-rebinding page reaches 127.0.0.1 under another name).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EventBus } from '../../src/main/base/eventBus'
import { startTestTransport, type TestTransport } from './testTransport'

function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('test transport access', () => {
  let dir: string
  let transport: TestTransport
  const calls: unknown[] = []
  const origin = () => new URL(transport.url).origin
  const invoke = (headers: Record<string, string>) =>
    raw(`${origin()}/__billops/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ method: 'app.getStatus', input: null }),
    })

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'billops-transport-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head></head><body>app</body></html>')
    calls.length = 0
    const core = {
      dispatch: async (method: unknown) => (calls.push(method), { ok: true as const, value: 'answer' }),
      events: new EventBus(),
    }
    transport = await startTestTransport({ core: core as never, rendererDir: dir })
  })
  afterEach(async () => {
    await transport.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("answers nothing without this run's secret", async () => {
    expect((await invoke({})).status).toBe(403)
    expect((await raw(`${origin()}/`)).status).toBe(403)
    expect((await raw(`${origin()}/__billops/events`)).status).toBe(403)
    expect((await raw(`${origin()}/__billops/session?key=guess`)).status).toBe(403)
    expect((await invoke({ cookie: 'billops_e2e=guess' })).status).toBe(403)
    expect(calls).toEqual([])
  })

  it('hands the secret over once through its start URL, as an HttpOnly same-site cookie', async () => {
    const start = await raw(transport.url)
    expect(start.status).toBe(302)
    expect(start.headers.location).toBe('/')
    const cookie = String(start.headers['set-cookie']?.[0] ?? '')
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const jar = cookie.split(';')[0]!
    const answer = await invoke({ cookie: jar })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: 'answer' })
    expect((await raw(`${origin()}/`, { headers: { cookie: jar } })).body).toContain('app')
    expect(calls).toEqual(['app.getStatus'])
  })

  it('refuses a request for another host name (DNS rebinding), even with the secret', async () => {
    const jar = String((await raw(transport.url)).headers['set-cookie']?.[0] ?? '').split(';')[0]!
    const port = new URL(transport.url).port
    expect((await invoke({ cookie: jar, host: `rebind.attacker.example:${port}` })).status).toBe(403)
    expect((await raw(`${origin()}/`, { headers: { cookie: jar, host: 'rebind.attacker.example' } })).status).toBe(403)
    expect(calls).toEqual([])
  })
})
