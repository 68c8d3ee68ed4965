// A stand-in ApiClient for renderer tests: records calls and answers from per-method handlers,
// failing loudly for methods a test did not expect.
import { ApiError, type ApiClient } from '../../src/shared/contract/client'
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../src/shared/contract'
import type { ReviewEntry } from '../../src/shared/contract/entries'
import { entryFixture } from '../shared/entryFixture'

export type FakeHandlers = { [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

export interface FakeApi extends ApiClient {
  calls: { method: MethodName; input: unknown }[]
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
}

export function fakeApi(handlers: FakeHandlers): FakeApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: FakeApi['calls'] = []
  return {
    calls,
    async call(method, input) {
      calls.push({ method, input })
      const handler = handlers[method] as ((input: unknown) => unknown) | undefined
      if (!handler) throw new ApiError('unknown_method', `test did not expect ${method}`)
      return (await handler(input)) as never
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (payload: unknown) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (payload: unknown) => void)
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    },
  }
}

let seq = 0
/** A pending review entry starting at `startIso`, lasting `minutes`. */
export function reviewEntry(startIso: string, minutes: number, overrides: Partial<ReviewEntry> = {}): ReviewEntry {
  return {
    ...entryFixture(`e${++seq}`, startIso, minutes),
    billed_minutes: minutes,
    needs_verification: false,
    ...overrides,
  }
}

/** Newest-first pages over a fixed list, the way review.listPending answers. */
export function pagesOver(entries: ReviewEntry[]): FakeHandlers['review.listPending'] {
  const sorted = [...entries].sort((a, b) => b.started_at.localeCompare(a.started_at) || b.id.localeCompare(a.id))
  return ({ after, limit = 500 }) => {
    const from = after ? sorted.findIndex((e) => e.id === after.id) + 1 : 0
    const page = sorted.slice(from, from + limit)
    const last = page.at(-1)
    return {
      total: sorted.length,
      entries: page,
      next: from + limit < sorted.length && last ? { started_at: last.started_at, id: last.id } : null,
      billing_increment_minutes: 0,
    }
  }
}
