// Test helper: an ICS subscription served on 127.0.0.1 (plain http is allowed for localhost)
// that honours If-None-Match / If-Modified-Since, records what each request sent, and can be
// told to fail.
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface IcsServer {
  url: string
  /** headers of every request, in order */
  requests: IncomingHttpHeaders[]
  /** serve new text: a new ETag and Last-Modified */
  publish(text: string): void
  /** answer every request with this status until set back to null */
  failWith(status: number | null): void
  close(): Promise<void>
}

export async function startIcsServer(text: string): Promise<IcsServer> {
  let body = text
  let version = 1
  let lastModified = new Date(Date.UTC(2026, 4, 1)).toUTCString()
  let failure: number | null = null
  const requests: IncomingHttpHeaders[] = []
  const server = createServer((request, response) => {
    requests.push(request.headers)
    if (failure !== null) {
      response.writeHead(failure, { 'content-type': 'text/plain' }).end('unavailable')
      return
    }
    const etag = `"v${version}"`
    const fresh = request.headers['if-none-match'] === etag || request.headers['if-modified-since'] === lastModified
    if (fresh) {
      response.writeHead(304, { etag, 'last-modified': lastModified }).end()
      return
    }
    response.writeHead(200, { 'content-type': 'text/calendar', etag, 'last-modified': lastModified }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/calendar.ics`,
    requests,
    publish(next) {
      body = next
      version++
      lastModified = new Date(Date.UTC(2026, 4, 1, 0, version)).toUTCString()
    },
    failWith(status) {
      failure = status
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
