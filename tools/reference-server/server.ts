// A faithful TypeScript implementation of the BillOps time-capture contract
// (docs/api-contract.md): the five routes under
// /api/v1/time-entries, Celery-like asynchronous tasks (PENDING → SUCCESS/FAILURE; an unknown
// task id reads as PENDING, as Celery's AsyncResult does), FastAPI-style errors ({"detail": …},
// 422 lists, plain-text 500), bearer-token users, SQLite persistence, and switchable faults.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cutInTwo, isoSeconds, suggestEntries, VERIFY_BELOW, type IngestSignal, type Verification } from './heuristic'
import { ReferenceStore, type EntryField, type EntryRecord } from './store'
import { prng } from '../../test/shared/prng'

export const BASE_PATH = '/api/v1/time-entries'

/** Two users, as the issue asks: token → user id. */
export const DEFAULT_USERS: Readonly<Record<string, string>> = {
  'dev-token-alice': 'alice',
  'dev-token-bob': 'bob',
}

export interface Faults {
  /** share of requests answered 503 before any work (and before auth) */
  unavailableRate: number
  /** share of requests whose work is committed but whose response is a 500 (lost response) */
  lostResponseRate: number
  /** share of requests whose work is committed but whose 200 body is truncated JSON */
  malformedJsonRate: number
  /** share of ingest tasks that end in FAILURE */
  failedTaskRate: number
  /** share of suggested entries cut in two at their middle minute, as a server whose heuristics differ may */
  splitEntryRate: number
  /** added to every request */
  latencyMs: number
  /** behave like a server that does not implement Idempotency-Key */
  ignoreIdempotencyKey: boolean
  /** sent with 503 answers when set */
  retryAfterSeconds: number | null
}

export const NO_FAULTS: Faults = {
  unavailableRate: 0,
  lostResponseRate: 0,
  malformedJsonRate: 0,
  failedTaskRate: 0,
  splitEntryRate: 0,
  latencyMs: 0,
  ignoreIdempotencyKey: false,
  retryAfterSeconds: null,
}

export interface ReferenceServerOptions {
  /** 0 picks a free port */
  port?: number
  host?: string
  /** SQLite file; ':memory:' (default) forgets everything on close */
  dbPath?: string
  users?: Readonly<Record<string, string>>
  faults?: Partial<Faults>
  /** how long a task stays PENDING before the worker runs it */
  taskDelayMs?: number
  /** seed of the fault dice, so a failing run can be replayed */
  seed?: number
}

export interface ReferenceServerStats {
  requests: number
  unavailable: number
  lost: number
  malformed: number
  tasksCreated: number
  idempotentReplays: number
  /** entries cut in two by the splitEntryRate fault */
  split: number
}

export interface ReferenceServer {
  readonly url: string
  readonly port: number
  readonly store: ReferenceStore
  readonly users: Readonly<Record<string, string>>
  readonly stats: ReferenceServerStats
  setFaults(faults: Partial<Faults>): void
  faults(): Faults
  /** resolves once every queued task has run */
  drainTasks(): Promise<void>
  close(): Promise<void>
}

interface Reply {
  status: number
  body: unknown
  headers?: Record<string, string>
  /** the request changed state: after-commit faults apply */
  committed?: boolean
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : 'validation error')
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/
const ENTRY_STATUSES = new Set(['pending', 'approved', 'rejected'])

function validationError(loc: (string | number)[], msg: string, input: unknown, type = 'value_error'): HttpError {
  return new HttpError(422, [{ type, loc, msg, input }])
}

function parseIntQuery(params: URLSearchParams, name: string, fallback: number): number {
  const raw = params.get(name)
  if (raw === null) return fallback
  if (!/^-?\d+$/.test(raw.trim())) {
    throw validationError(
      ['query', name],
      'Input should be a valid integer, unable to parse string as an integer',
      raw,
      'int_parsing',
    )
  }
  return Math.max(0, Number.parseInt(raw, 10))
}

function toResponse(entry: EntryRecord) {
  return {
    id: entry.id,
    started_at: entry.started_at,
    ended_at: entry.ended_at,
    duration_minutes: entry.duration_minutes,
    status: entry.status,
    source: entry.source,
    activity_type: entry.activity_type,
    project_id: entry.project_id,
    client_id: entry.client_id,
    notes: entry.notes,
    context_data: JSON.parse(entry.context_data) as unknown,
  }
}

function validSignal(value: unknown): value is IngestSignal {
  if (typeof value !== 'object' || value === null) return false
  const s = value as Record<string, unknown>
  return (
    typeof s.timestamp === 'string' &&
    ISO.test(s.timestamp) &&
    !Number.isNaN(Date.parse(s.timestamp)) &&
    typeof s.app === 'string' &&
    s.app.length > 0 &&
    typeof s.type === 'string' &&
    s.type.length > 0 &&
    typeof s.source_type === 'string' &&
    s.source_type.length > 0
  )
}

function describeBadSignal(value: unknown, index: number): string {
  if (typeof value !== 'object' || value === null) return `Signal #${index + 1} is not an object`
  const s = value as Record<string, unknown>
  for (const field of ['timestamp', 'app', 'type', 'source_type']) {
    if (typeof s[field] !== 'string' || s[field] === '') return `Signal #${index + 1} missing ${field} field`
  }
  return `Signal #${index + 1} has an invalid timestamp`
}

export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const store = new ReferenceStore(options.dbPath ?? ':memory:')
  const users = options.users ?? DEFAULT_USERS
  let faults: Faults = { ...NO_FAULTS, ...options.faults }
  const random = prng(options.seed ?? 20240124)
  const taskDelayMs = options.taskDelayMs ?? 0
  const stats: ReferenceServerStats = {
    requests: 0,
    unavailable: 0,
    lost: 0,
    malformed: 0,
    tasksCreated: 0,
    idempotentReplays: 0,
    split: 0,
  }
  const timers = new Set<NodeJS.Timeout>()
  const running = new Set<Promise<void>>()

  function runTask(taskId: string): void {
    const task = store.getTask(taskId)
    if (!task || task.status !== 'PENDING') return
    if (random() < faults.failedTaskRate) {
      store.finishTask(taskId, 'FAILURE', null, 'OperationalError: could not serialize access due to concurrent update')
      return
    }
    const request = JSON.parse(task.request) as {
      activity_signals: unknown[]
      idle_threshold_minutes: number
      max_merge_idle_minutes: number
    }
    const good: IngestSignal[] = []
    const verification: Verification[] = []
    request.activity_signals.forEach((signal, index) => {
      if (validSignal(signal)) good.push(signal)
      else
        verification.push({ confidence: 0.3, reason: 'Invalid signal', description: describeBadSignal(signal, index) })
    })
    const suggested = suggestEntries(good, request.idle_threshold_minutes, request.max_merge_idle_minutes).flatMap(
      (entry) => {
        // No dice rolled when the fault is off: the other faults' sequences stay as they were for a seed.
        const halves = faults.splitEntryRate > 0 && random() < faults.splitEntryRate ? cutInTwo(entry) : [entry]
        if (halves.length === 2) stats.split++
        return halves
      },
    )
    store.db.transaction(() => {
      const ids: string[] = []
      for (const entry of suggested) {
        const record = store.insertEntry({
          user_id: task.user_id,
          started_at: entry.started_at,
          ended_at: entry.ended_at,
          duration_minutes: entry.duration_minutes,
          status: 'pending',
          source: 'auto',
          activity_type: entry.activity_type,
          project_id: null,
          client_id: null,
          notes: null,
          context_data: JSON.stringify(entry.context_data),
        })
        ids.push(record.id)
        if (entry.context_data.confidence < VERIFY_BELOW) {
          verification.push({
            confidence: entry.context_data.confidence,
            reason: 'Low confidence - multiple activity types detected',
            description: `Mixed ${entry.context_data.applications.join(' and ')} usage`,
          })
        }
      }
      store.finishTask(
        taskId,
        'SUCCESS',
        {
          status: verification.some((v) => v.reason === 'Invalid signal') ? 'partial_success' : 'success',
          suggested_count: suggested.length,
          created_count: ids.length,
          created_ids: ids,
          verification_required: verification,
        },
        null,
      )
    })()
  }

  function scheduleTask(taskId: string): void {
    let finish: () => void = () => {}
    const done = new Promise<void>((resolve) => (finish = resolve))
    running.add(done)
    const timer = setTimeout(() => {
      timers.delete(timer)
      try {
        runTask(taskId)
      } finally {
        running.delete(done)
        finish()
      }
    }, taskDelayMs)
    timers.add(timer)
  }

  // Tasks a previous run left PENDING (the worker died with the server) run again now.
  for (const task of store.pendingTasks()) scheduleTask(task.id)

  function ingest(userId: string, body: unknown, idempotencyKey: string | null): Reply {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw validationError(['body'], 'Input should be a valid dictionary', body, 'dict_type')
    }
    const request = body as Record<string, unknown>
    const signals = request.activity_signals ?? []
    if (!Array.isArray(signals))
      throw validationError(['body', 'activity_signals'], 'Input should be a valid list', signals, 'list_type')
    const idle = request.idle_threshold_minutes ?? 5
    const merge = request.max_merge_idle_minutes ?? 10
    if (typeof idle !== 'number' || idle < 0)
      throw validationError(['body', 'idle_threshold_minutes'], 'Input should be a valid number', idle)
    if (typeof merge !== 'number' || merge < 0)
      throw validationError(['body', 'max_merge_idle_minutes'], 'Input should be a valid number', merge)
    if (idempotencyKey && !faults.ignoreIdempotencyKey) {
      const previous = store.recall(userId, idempotencyKey)
      if (previous) {
        stats.idempotentReplays++
        return { status: 200, body: previous }
      }
    }
    const reply = store.db.transaction(() => {
      const task = store.createTask(userId, {
        activity_signals: signals,
        idle_threshold_minutes: idle,
        max_merge_idle_minutes: merge,
      })
      const response = { status: 'processing', task_id: task.id, message: 'Activity signals queued for processing' }
      if (idempotencyKey && !faults.ignoreIdempotencyKey) store.remember(userId, idempotencyKey, response)
      return { task, response }
    })()
    stats.tasksCreated++
    scheduleTask(reply.task.id)
    return { status: 200, body: reply.response, committed: true }
  }

  function taskStatus(userId: string, taskId: string): Reply {
    const task = store.getTask(taskId)
    // Celery cannot tell an unknown id from a queued one; another user's task is unknown to you.
    if (!task || task.user_id !== userId || task.status === 'PENDING') {
      return { status: 200, body: { task_id: taskId, status: 'PENDING', message: 'Task is queued for processing' } }
    }
    if (task.status === 'SUCCESS')
      return {
        status: 200,
        body: { task_id: taskId, status: 'SUCCESS', result: JSON.parse(task.result ?? 'null') as unknown },
      }
    return { status: 200, body: { task_id: taskId, status: 'FAILURE', error: task.error ?? 'unknown error' } }
  }

  function list(userId: string, params: URLSearchParams, filter: { status?: string; source?: string }): Reply {
    const skip = parseIntQuery(params, 'skip', 0)
    const limit = parseIntQuery(params, 'limit', 10)
    const page = store.listEntries(userId, filter, skip, limit)
    return { status: 200, body: { total: page.total, skip, limit, entries: page.entries.map(toResponse) } }
  }

  function patch(userId: string, entryId: string, body: unknown): Reply {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw validationError(['body'], 'Input should be a valid dictionary', body, 'dict_type')
    }
    const input = body as Record<string, unknown>
    const fields: Partial<Pick<EntryRecord, EntryField>> = {}
    if ('status' in input) {
      if (typeof input.status !== 'string' || !ENTRY_STATUSES.has(input.status)) {
        throw validationError(
          ['body', 'status'],
          "Input should be 'pending', 'approved' or 'rejected'",
          input.status,
          'enum',
        )
      }
      fields.status = input.status as EntryRecord['status']
    }
    for (const key of ['notes', 'project_id', 'client_id'] as const) {
      if (!(key in input)) continue
      const value = input[key]
      if (value !== null && typeof value !== 'string')
        throw validationError(['body', key], 'Input should be a valid string', value, 'string_type')
      fields[key] = value
    }
    if ('activity_type' in input) {
      if (typeof input.activity_type !== 'string')
        throw validationError(
          ['body', 'activity_type'],
          'Input should be a valid string',
          input.activity_type,
          'string_type',
        )
      fields.activity_type = input.activity_type
    }
    for (const key of ['started_at', 'ended_at'] as const) {
      if (!(key in input)) continue
      const value = input[key]
      if (typeof value !== 'string' || !ISO.test(value) || Number.isNaN(Date.parse(value))) {
        throw validationError(['body', key], 'Input should be a valid datetime', value, 'datetime_parsing')
      }
      fields[key] = isoSeconds(Date.parse(value))
    }
    if ('duration_minutes' in input) {
      if (typeof input.duration_minutes !== 'number' || input.duration_minutes < 0) {
        throw validationError(
          ['body', 'duration_minutes'],
          'Input should be a valid number',
          input.duration_minutes,
          'float_parsing',
        )
      }
      fields.duration_minutes = input.duration_minutes
    }
    const current = store.getEntry(userId, entryId)
    if (!current) throw new HttpError(404, 'Entry not found')
    const start = fields.started_at ?? current.started_at
    const end = fields.ended_at ?? current.ended_at
    if (Date.parse(end) < Date.parse(start))
      throw validationError(['body', 'ended_at'], 'ended_at must not be before started_at', end)
    // The model keeps duration consistent when only the span is edited.
    if ((fields.started_at || fields.ended_at) && fields.duration_minutes === undefined) {
      fields.duration_minutes = Math.round(((Date.parse(end) - Date.parse(start)) / 60_000) * 100) / 100
    }
    const updated = store.updateEntry(userId, entryId, fields)
    if (!updated) throw new HttpError(404, 'Entry not found')
    return { status: 200, body: toResponse(updated), committed: true }
  }

  function authenticate(req: IncomingMessage): string {
    const header = req.headers.authorization
    if (!header || !/^Bearer\s+/i.test(header))
      throw new HttpError(401, 'Not authenticated', { 'WWW-Authenticate': 'Bearer' })
    const user = users[header.replace(/^Bearer\s+/i, '').trim()]
    if (!user) throw new HttpError(401, 'Could not validate credentials', { 'WWW-Authenticate': 'Bearer' })
    return user
  }

  type Route = (userId: string, body: unknown, params: URLSearchParams, req: IncomingMessage) => Reply

  function route(method: string, path: string): Route | 'method_not_allowed' | null {
    if (!path.startsWith(`${BASE_PATH}/`)) return null
    const rest = path.slice(BASE_PATH.length + 1)
    if (rest === 'ingest') {
      return method === 'POST'
        ? (user, body, _params, req) => ingest(user, body, headerValue(req, 'idempotency-key'))
        : 'method_not_allowed'
    }
    const task = /^ingest\/([^/]+)$/.exec(rest)
    if (task) return method === 'GET' ? (user) => taskStatus(user, decodeURIComponent(task[1]!)) : 'method_not_allowed'
    if (rest === 'pending-review') {
      return method === 'GET'
        ? (user, _body, params) => list(user, params, { status: 'pending' })
        : 'method_not_allowed'
    }
    if (rest === '') {
      if (method !== 'GET') return 'method_not_allowed'
      return (user, _body, params) =>
        list(user, params, { status: params.get('status') || undefined, source: params.get('source') || undefined })
    }
    if (/^[^/]+$/.test(rest))
      return method === 'PATCH' ? (user, body) => patch(user, decodeURIComponent(rest), body) : 'method_not_allowed'
    return null
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      ...headers,
    })
    res.end(text)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++
    const rawBody = await readBody(req)
    if (faults.latencyMs > 0) await sleep(faults.latencyMs)
    const url = new URL(req.url ?? '/', 'http://reference.local')
    const method = req.method ?? 'GET'
    if (url.pathname === BASE_PATH) {
      // FastAPI's redirect_slashes: the list route is declared as "/".
      send(res, 307, '', { location: `${BASE_PATH}/${url.search}` })
      return
    }
    const handler = route(method, url.pathname)
    if (handler === null) return send(res, 404, { detail: 'Not Found' })
    if (handler === 'method_not_allowed') return send(res, 405, { detail: 'Method Not Allowed' })
    if (random() < faults.unavailableRate) {
      stats.unavailable++
      const headers: Record<string, string> =
        faults.retryAfterSeconds === null ? {} : { 'retry-after': String(faults.retryAfterSeconds) }
      return send(res, 503, { detail: 'Service Unavailable' }, headers)
    }
    let reply: Reply
    try {
      const user = authenticate(req)
      let body: unknown = null
      if (method === 'POST' || method === 'PATCH') {
        try {
          body = rawBody.length === 0 ? null : (JSON.parse(rawBody) as unknown)
        } catch {
          throw validationError(['body', 0], 'JSON decode error', {}, 'json_invalid')
        }
      }
      reply = handler(user, body, url.searchParams, req)
    } catch (error) {
      if (error instanceof HttpError) return send(res, error.status, { detail: error.detail }, error.headers)
      return send(res, 500, 'Internal Server Error')
    }
    if (random() < faults.lostResponseRate) {
      stats.lost++
      // Starlette's answer to an unhandled exception raised after the commit.
      return send(res, 500, 'Internal Server Error')
    }
    if (random() < faults.malformedJsonRate) {
      stats.malformed++
      const text = JSON.stringify(reply.body)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))))
      return
    }
    send(res, reply.status, reply.body, reply.headers)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal Server Error')
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const host = options.host ?? '127.0.0.1'

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    users,
    stats,
    setFaults(next) {
      faults = { ...faults, ...next }
    },
    faults: () => faults,
    async drainTasks() {
      while (running.size > 0) await Promise.all([...running])
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      store.close()
    },
  }
}

function headerValue(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name]
  if (Array.isArray(value)) return value[0] ?? null
  return value ?? null
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}
