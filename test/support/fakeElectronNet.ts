// Test stand-in for Electron's `net.request` (the binary cannot run here), over Node's http to
// real local servers. Redirects behave as Electron's ClientRequest does
// (lib/common/api/net-client-request.ts): with redirect 'manual' the 'redirect' event gets
// (statusCode, method, newUrl, headers); unless a listener calls followRedirect() or abort()
// during the event, the request dies with "Redirect was cancelled" (which is all net.fetch
// ever reports for a manual redirect). 'follow' follows; 'error' fails.
import { EventEmitter } from 'node:events'
import { request as httpRequest, type IncomingMessage as NodeIncomingMessage } from 'node:http'
import type { ClientRequestConstructorOptions } from 'electron'

export interface FakeNet {
  request(options: ClientRequestConstructorOptions): FakeClientRequest
  /** every URL requested, redirects included, in order */
  requested: string[]
}

export function createFakeNet(): FakeNet {
  const requested: string[] = []
  return { requested, request: (options) => new FakeClientRequest(options, requested) }
}

export class FakeClientRequest extends EventEmitter {
  private readonly headers: Record<string, string> = {}
  private readonly chunks: string[] = []
  private readonly policy: string
  private url: string
  private method: string
  private aborted = false
  private followCallback: (() => void) | undefined
  private response: NodeIncomingMessage | undefined

  constructor(
    options: ClientRequestConstructorOptions,
    private readonly requested: string[],
  ) {
    super()
    this.policy = options.redirect ?? 'follow'
    if (!['follow', 'error', 'manual'].includes(this.policy))
      throw new Error('redirect mode should be one of follow, error or manual')
    this.url = options.url ?? ''
    this.method = (options.method ?? 'GET').toUpperCase()
  }

  setHeader(name: string, value: string): void {
    this.headers[name] = value
  }

  write(chunk: string): boolean {
    this.chunks.push(chunk)
    return true
  }

  end(): this {
    process.nextTick(() => this.send())
    return this
  }

  followRedirect(): void {
    if (!this.followCallback) throw new Error('followRedirect() called, but was not waiting for a redirect')
    this.followCallback()
  }

  abort(): void {
    if (!this.aborted) process.nextTick(() => this.emit('abort'))
    this.aborted = true
    this.response?.destroy()
  }

  private send(): void {
    if (this.aborted) return
    this.requested.push(this.url)
    const outgoing = httpRequest(this.url, { method: this.method, headers: this.headers }, (response) =>
      this.answered(response),
    )
    outgoing.on('error', (error) => this.die(new Error(`net::ERR_CONNECTION_FAILED (${error.message})`)))
    outgoing.end(this.chunks.join(''))
  }

  private answered(response: NodeIncomingMessage): void {
    const status = response.statusCode ?? 0
    const location = response.headers.location
    if (status >= 300 && status < 400 && status !== 304 && location) {
      response.resume()
      const newUrl = new URL(location, this.url).href
      const newMethod =
        status === 303 || ((status === 301 || status === 302) && this.method === 'POST') ? 'GET' : this.method
      const headers = Object.fromEntries(
        Object.entries(response.headers).map(([k, v]) => [k, Array.isArray(v) ? v : [String(v)]]),
      )
      if (this.policy === 'error') return this.die(new Error("Attempted to redirect, but redirect policy was 'error'"))
      let follow = this.policy === 'follow'
      this.followCallback = () => (follow = true)
      try {
        this.emit('redirect', status, newMethod, newUrl, headers)
      } finally {
        this.followCallback = undefined
      }
      if (!follow) {
        if (!this.aborted) this.die(new Error('Redirect was cancelled'))
        return
      }
      this.url = newUrl
      this.method = newMethod
      if (newMethod === 'GET') this.chunks.length = 0
      return this.send()
    }
    this.response = response
    if (this.aborted) return void response.destroy()
    this.emit('response', Object.assign(response, { statusMessage: response.statusMessage ?? '' }))
  }

  private die(error: Error): void {
    this.emit('error', error)
  }
}
