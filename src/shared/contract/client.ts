// The renderer-facing API, built over any raw bridge (Electron preload or the test transport).
import { CallResult, EventEnvelope } from './define'
import {
  events,
  isEventName,
  methods,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from './index'

/** What the preload exposes as `window.billops` (and the test transport injects). */
export interface RawBridge {
  invoke(method: string, input: unknown): Promise<unknown>
  subscribe(listener: (envelope: unknown) => void): () => void
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

export function createApiClient(bridge: RawBridge): ApiClient {
  return {
    async call(method, input) {
      const result = CallResult.safeParse(await bridge.invoke(method, input))
      if (!result.success) throw new ApiError('invalid_output', `malformed reply to ${method}`)
      if (!result.data.ok) throw new ApiError(result.data.error.code, result.data.error.message)
      const parsed = methods[method].output.safeParse(result.data.value)
      if (!parsed.success)
        throw new ApiError('invalid_output', `unexpected reply to ${method}: ${parsed.error.message}`)
      return parsed.data as MethodOutput<typeof method>
    },
    on(event, listener) {
      return bridge.subscribe((raw) => {
        const envelope = EventEnvelope.safeParse(raw)
        if (!envelope.success || envelope.data.name !== event || !isEventName(envelope.data.name)) return
        const payload = events[event].safeParse(envelope.data.payload)
        if (payload.success) listener(payload.data as EventPayload<typeof event>)
      })
    },
  }
}
