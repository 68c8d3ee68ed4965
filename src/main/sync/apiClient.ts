// The BillOps API client: the contract's five endpoints, bearer token, a timeout on every
// request, and every answer parsed with zod. Failures become a BillOpsError whose `kind` tells
// the sync engine what to do (retry, stop for a new token, mark conflicted, fail the item).
import type { z } from 'zod'
import {
  EntryPage,
  EntryUpdate,
  IngestAccepted,
  IngestRequest,
  IngestResult,
  ServerEntry,
  TaskStatusBody,
  errorDetail,
  type TaskStatus,
} from './apiSchemas'
import { timeEntriesBase } from './serverUrl'
import { errorMessage } from '../../shared/errorMessage'
import { BillOpsError, parseRetryAfter } from './billOpsError'

export interface BillOpsClientOptions {
  serverUrl: string
  token: string
  /** Node's fetch in tests and the CLI, Electron's net.request in the app (shell/netRequestFetch.ts) */
  fetch: typeof fetch
  timeoutMs?: number
  /** answers larger than this are refused, not read into memory (default 32 MB) */
  maxResponseBytes?: number
}

/** Same-origin redirects followed per request at most; every other redirect is refused. */
export const MAX_REDIRECTS = 5
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024

export interface PageQuery {
  skip: number
  limit: number
}

export interface ListQuery extends PageQuery {
  status?: 'pending' | 'approved' | 'rejected'
  source?: string
}

export interface BillOpsClient {
  ingest(request: IngestRequest, idempotencyKey: string): Promise<IngestAccepted>
  getTask(taskId: string): Promise<TaskStatus>
  listPendingReview(page: PageQuery): Promise<EntryPage>
  patchEntry(entryId: string, update: EntryUpdate): Promise<ServerEntry>
  listEntries(query: ListQuery): Promise<EntryPage>
}

export function createBillOpsClient(options: BillOpsClientOptions): BillOpsClient {
  const base = timeEntriesBase(options.serverUrl)
  const timeoutMs = options.timeoutMs ?? 15_000
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
  const doFetch = options.fetch
  const origin = new URL(base).origin

  /**
   * Redirects are followed by hand: only to the configured server's own origin (so the token and
   * the signals never go anywhere else), at most MAX_REDIRECTS times. 307/308 keep method and
   * body; 301/302 of a POST and every 303 become a GET without a body, as browsers do.
   */
  async function fetchFollowingSameOrigin(
    url: string,
    method: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal,
    what: string,
  ): Promise<Response> {
    let current = url
    let currentMethod = method
    let currentBody = body
    let currentHeaders = headers
    for (let redirects = 0; ; redirects++) {
      const response = await doFetch(current, {
        method: currentMethod,
        headers: currentHeaders,
        body: currentBody,
        signal,
        redirect: 'manual',
      })
      if (response.status < 300 || response.status > 399 || response.status === 304) return response
      // undici and the app's net.request fetch hand a manual 3xx back with its Location (net.fetch would reject it).
      await response.body?.cancel().catch(() => undefined)
      const location = response.headers.get('location')
      if (!location)
        throw new BillOpsError(
          'rejected',
          `${what}: HTTP ${response.status} redirect without a Location`,
          response.status,
        )
      let target: URL
      try {
        target = new URL(location, current)
      } catch {
        throw new BillOpsError(
          'rejected',
          `${what}: HTTP ${response.status} redirect to an invalid address`,
          response.status,
        )
      }
      if (target.origin !== origin) {
        throw new BillOpsError(
          'rejected',
          `${what}: the server redirected to another address (${target.origin}); not followed, the token and data stay with ${origin}. Check the server URL.`,
          response.status,
        )
      }
      if (redirects >= MAX_REDIRECTS)
        throw new BillOpsError('rejected', `${what}: too many redirects (more than ${MAX_REDIRECTS})`, response.status)
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && currentMethod === 'POST')
      ) {
        currentMethod = 'GET'
        currentBody = undefined
        currentHeaders = Object.fromEntries(
          Object.entries(currentHeaders).filter(([key]) => key !== 'content-type' && key !== 'idempotency-key'),
        )
      }
      current = target.href
    }
  }

  async function request<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    schema: S,
    what: string,
    body?: unknown,
    extraHeaders: Record<string, string> = {},
    /** a fixed route of the contract (not one entry's or task's): a 404 there means a wrong address */
    fixedRoute = false,
  ): Promise<z.output<S>> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.token}`,
      accept: 'application/json',
      ...extraHeaders,
    }
    const scrubToken = (text: string) => (options.token ? text.split(options.token).join('[token]') : text)
    if (body !== undefined) headers['content-type'] = 'application/json'
    let response: Response
    let text: string
    try {
      const signal = AbortSignal.timeout(timeoutMs)
      response = await fetchFollowingSameOrigin(
        `${base}${path}`,
        method,
        headers,
        body === undefined ? undefined : JSON.stringify(body),
        signal,
        what,
      )
      text = await readLimited(response, maxResponseBytes, what)
    } catch (error) {
      if (error instanceof BillOpsError) throw error
      const name = error instanceof Error ? error.name : ''
      if (name === 'TimeoutError' || name === 'AbortError')
        throw new BillOpsError('timeout', `${what}: no answer within ${timeoutMs} ms`)
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : ''
      throw new BillOpsError('network', scrubToken(`${what}: cannot reach the server: ${errorMessage(error)}${cause}`))
    }
    let json: unknown = undefined
    let jsonOk = true
    try {
      json = text === '' ? null : (JSON.parse(text) as unknown)
    } catch {
      jsonOk = false
    }
    if (!response.ok) {
      // A server or proxy that echoes the request must not put the token into status and logs.
      const detail = scrubToken(
        (jsonOk ? errorDetail(json) : null) ?? (text.trim().slice(0, 200) || response.statusText),
      )
      const message = `${what}: HTTP ${response.status} ${detail}`
      const status = response.status
      if (status === 401)
        throw new BillOpsError(
          'unauthorized',
          `${what}: the BillOps token was refused (${detail}); set a new token`,
          status,
        )
      if (fixedRoute && isConfigurationStatus(method, status)) {
        // another site's error page is HTML: its status line says enough
        const said = jsonOk ? detail : response.statusText
        throw new BillOpsError(
          'misconfigured',
          `${what}: HTTP ${status}${said ? ` ${said}` : ''} from ${method} ${base}${path.split('?')[0]}: this address does not serve the BillOps time-entries API; check the server address (the BillOps root, e.g. https://billops.example)`,
          status,
        )
      }
      if (status === 404) throw new BillOpsError('not_found', message, status)
      if (status === 408 || status === 429 || status >= 500) {
        throw new BillOpsError(
          'server_busy',
          message,
          status,
          parseRetryAfter(response.headers.get('retry-after'), Date.now()),
        )
      }
      throw new BillOpsError('rejected', message, status)
    }
    if (!jsonOk)
      throw new BillOpsError(
        'malformed',
        `${what}: the server's answer is not valid JSON (${text.length} bytes)`,
        response.status,
      )
    const parsed = schema.safeParse(json)
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`)
        .join('; ')
      throw new BillOpsError(
        'unexpected_shape',
        `${what}: unexpected answer from the server (${issues})`,
        response.status,
      )
    }
    return parsed.data
  }

  function outgoing<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(value)
    if (parsed.success) return parsed.data
    const issue = parsed.error.issues[0]
    throw new BillOpsError(
      'invalid_request',
      `${what}: not sent, outside the contract (${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'})`,
    )
  }

  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams()
    for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value))
    return `?${search.toString()}`
  }

  return {
    ingest: async (body, idempotencyKey) =>
      request(
        'POST',
        '/ingest',
        IngestAccepted,
        'ingest',
        outgoing(IngestRequest, body, 'ingest'),
        { 'idempotency-key': idempotencyKey },
        true,
      ),
    async getTask(taskId) {
      const body = await request('GET', `/ingest/${encodeURIComponent(taskId)}`, TaskStatusBody, `task ${taskId}`)
      if (body.status === 'SUCCESS') {
        const result = IngestResult.safeParse(body.result)
        if (!result.success) {
          throw new BillOpsError(
            'unexpected_shape',
            `task ${taskId}: unexpected result (${result.error.issues[0]?.message ?? 'invalid'})`,
          )
        }
        if (result.data.status === 'error') {
          return { state: 'failure', taskId, error: result.data.message ?? 'the server reported an error' }
        }
        return { state: 'success', taskId, result: result.data }
      }
      if (body.status === 'FAILURE' || body.status === 'REVOKED') {
        const error =
          typeof body.error === 'string'
            ? body.error
            : body.error === undefined
              ? body.status
              : JSON.stringify(body.error)
        return { state: 'failure', taskId, error }
      }
      return { state: 'running', taskId }
    },
    listPendingReview: (page) =>
      request(
        'GET',
        `/pending-review${query({ skip: page.skip, limit: page.limit })}`,
        EntryPage,
        'pending-review',
        undefined,
        {},
        true,
      ),
    patchEntry: async (entryId, update) =>
      request(
        'PATCH',
        `/${encodeURIComponent(entryId)}`,
        ServerEntry,
        `update of entry ${entryId}`,
        outgoing(EntryUpdate, update, `update of entry ${entryId}`),
      ),
    listEntries: (q) =>
      request(
        'GET',
        `/${query({ skip: q.skip, limit: q.limit, status: q.status, source: q.source })}`,
        EntryPage,
        'entry list',
        undefined,
        {},
        true,
      ),
  }
}

/**
 * A fixed route answered with a client error that no item can cause: the route is missing (404,
 * 405) or, for a read (which carries no item data), any 4xx other than the token (401, 403) and
 * the busy answers (408, 429). A POST's 400/422 is about its body and stays the item's failure.
 */
function isConfigurationStatus(method: string, status: number): boolean {
  if (status < 400 || status > 499 || status === 401 || status === 403 || status === 408 || status === 429) return false
  return status === 404 || status === 405 || method === 'GET'
}

/** Reads a body up to `limit` bytes; a larger one is cancelled and refused. */
async function readLimited(response: Response, limit: number, what: string): Promise<string> {
  const tooLarge = () =>
    new BillOpsError(
      'unexpected_shape',
      `${what}: the server's answer is larger than ${limit} bytes; refused`,
      response.status,
    )
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined)
    throw tooLarge()
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let text = ''
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) return text + decoder.decode()
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge()
    }
    text += decoder.decode(value, { stream: true })
  }
}
