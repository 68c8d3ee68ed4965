// Typed main-side events; transports forward them to renderers as contract events.
import type { EventName, EventPayload } from '../../shared/contract'

export type AnyEventListener = (name: EventName, payload: unknown) => void

export class EventBus {
  private readonly listeners = new Set<AnyEventListener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload)
      } catch {
        // A broken subscriber (a closed window, a dropped test client) must not stop the others.
      }
    }
  }

  /** Every event, for transports that forward all of them. */
  onAny(listener: AnyEventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.onAny((eventName, payload) => {
      if (eventName === name) listener(payload as EventPayload<E>)
    })
  }
}
