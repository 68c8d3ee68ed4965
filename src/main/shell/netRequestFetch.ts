// A fetch for the app built on Electron's `net.request`, because Electron's `net.fetch` with
// `redirect: 'manual'` rejects every redirect ("Redirect was cancelled") instead of handing the
// 3xx back, so sync and calendars could not follow even a same-origin redirect. Here a manual
// redirect comes back as a Response with its status and Location (the request is aborted inside
// the 'redirect' event, before Electron's ClientRequest cancels it with an error); the callers
// decide (sync: same origin only; calendars: subscriptionUrl.ts). Chromium's network stack,
// proxies and certificates stay as net.fetch had them.
import type { ClientRequest, ClientRequestConstructorOptions, IncomingMessage } from 'electron'

export interface NetLike {
  request(options: ClientRequestConstructorOptions): ClientRequest
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

export function netRequestFetch(net: NetLike): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = input instanceof Request ? input.url : String(input)
      const signal = init.signal ?? undefined
      if (signal?.aborted) return reject(signal.reason)
      const request = net.request({
        url,
        method: init.method ?? 'GET',
        redirect: init.redirect ?? 'follow',
        credentials: 'omit',
      })
      for (const [name, value] of new Headers(init.headers).entries()) request.setHeader(name, value)
      let settled = false
      const settle = (outcome: () => void) => {
        if (settled) return
        settled = true
        signal?.removeEventListener('abort', onAbort)
        outcome()
      }
      const onAbort = () => {
        request.abort()
        settle(() => reject(signal?.reason))
      }
      signal?.addEventListener('abort', onAbort)

      request.on(
        'redirect',
        (status: number, _method: string, redirectUrl: string, headers: Record<string, string | string[]>) => {
          if (init.redirect !== 'manual') return
          // Aborting here is what keeps Electron from failing the request ("Redirect was cancelled").
          request.abort()
          const answer = toHeaders(headers)
          answer.set('location', redirectUrl)
          settle(() => resolve(new Response(null, { status, headers: answer })))
        },
      )
      request.on('response', (response: IncomingMessage) => {
        const status = response.statusCode
        settle(() =>
          resolve(
            new Response(NULL_BODY_STATUSES.has(status) ? null : bodyOf(request, response), {
              status,
              statusText: response.statusMessage,
              headers: toHeaders(response.headers),
            }),
          ),
        )
      })
      // Electron's message names the network error (net::ERR_…), never the URL.
      request.on('error', (error: Error) => settle(() => reject(error)))
      if (typeof init.body === 'string') request.write(init.body)
      else if (init.body != null) return settle(() => reject(new TypeError('netRequestFetch sends text bodies only')))
      request.end()
    })
}

/** The response as a web stream that pulls as it is read; cancelling it (a size limit) stops the request. */
function bodyOf(request: ClientRequest, message: IncomingMessage): ReadableStream<Uint8Array> {
  // Electron's IncomingMessage is a Node Readable (lib/browser/api/net.ts); its typings omit pause/resume.
  const response = message as IncomingMessage & Pick<NodeJS.ReadableStream, 'pause' | 'resume'>
  return new ReadableStream<Uint8Array>({
    start(controller) {
      response.on('data', (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk))
        if ((controller.desiredSize ?? 1) <= 0) response.pause()
      })
      response.on('end', () => controller.close())
      response.on('error', (error: Error) => controller.error(error))
    },
    pull() {
      response.resume()
    },
    cancel() {
      request.abort()
    },
  })
}

function toHeaders(raw: Record<string, string | string[]>): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  return headers
}
