// Talks to the heuristics worker thread: starts it on first use, matches replies to requests by
// id, validates every message, and turns a crash (error or exit) into rejected calls and one
// callback, so the host deals only with what to compute. A new worker starts on the next call.
// A worker that does not answer a call in time is treated as crashed: terminated and replaced.
import type { Logger } from '../base/logger'
import { WorkerReply, type WorkerRequest } from './protocol'
import { type WorkerFactory, type WorkerThread } from '../base/workerThread'

export class WorkerCrashedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WorkerCrashedError'
  }
}

type Pending = { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }

export interface WorkerClientHooks {
  /** a new worker started: it knows nothing of earlier rounds */
  onStart(): void
  /** the worker died; calls in flight have been rejected with WorkerCrashedError */
  onCrash(reason: string): void
}

/** How long one call may take before the worker counts as hung (default of the host's option). */
export const DEFAULT_WORKER_CALL_TIMEOUT_MS = 60_000

export class WorkerClient {
  private worker: WorkerThread | null = null
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private closed = false

  constructor(
    private readonly factory: WorkerFactory,
    private readonly logger: Logger,
    private readonly hooks: WorkerClientHooks,
    private readonly callTimeoutMs: number = DEFAULT_WORKER_CALL_TIMEOUT_MS,
  ) {}

  call(request: WorkerRequest): Promise<WorkerReply> {
    const worker = this.ensureWorker()
    const id = this.nextId++
    return new Promise<WorkerReply>((resolve, reject) => {
      // A hung worker (endless loop, deadlock) would hold every later round: give up on it.
      const timer = setTimeout(() => {
        if (this.pending.has(id)) this.onCrash(worker, `worker did not answer within ${this.callTimeoutMs} ms`)
      }, this.callTimeoutMs)
      timer.unref?.()
      this.pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer)
          resolve(reply)
        },
        reject: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      })
      worker.postMessage({ ...request, id })
    })
  }

  /** Stops the worker first: a call waiting for it fails at once instead of holding close up. */
  async close(): Promise<void> {
    this.closed = true
    const worker = this.worker
    this.worker = null
    this.failPending(new WorkerCrashedError('host closed'))
    if (worker) await worker.terminate()
  }

  private ensureWorker(): WorkerThread {
    if (this.worker) return this.worker
    const worker = this.factory()
    worker.on('message', (raw) => this.onMessage(raw))
    worker.on('error', (error) => this.onCrash(worker, `worker error: ${error.message}`))
    worker.on('exit', (code) => this.onCrash(worker, `worker exited with code ${code}`))
    this.worker = worker
    this.hooks.onStart()
    return worker
  }

  private onMessage(raw: unknown): void {
    const reply = WorkerReply.safeParse(raw)
    if (!reply.success) {
      this.logger.error('heuristics worker sent an invalid message', reply.error.issues[0]?.message)
      return
    }
    const waiting = this.pending.get(reply.data.id)
    if (!waiting) return
    this.pending.delete(reply.data.id)
    waiting.resolve(reply.data)
  }

  private onCrash(worker: WorkerThread, reason: string): void {
    if (this.worker !== worker) return
    this.worker = null
    if (this.closed) return
    this.hooks.onCrash(reason)
    this.failPending(new WorkerCrashedError(reason))
    void worker.terminate().catch(() => undefined)
  }

  private failPending(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error)
    this.pending.clear()
  }
}
