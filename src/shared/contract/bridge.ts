// The one bridge factory behind `window.billops`: the preload builds it over Electron IPC, the e2e
// test transport's page script over fetch + Server-Sent Events. Whatever the page may send is
// checked here, once, for both: a method name not in the contract never reaches the transport.
// Pure (no Electron, no DOM): the transports are passed in.
import type { RawBridge } from './client'
import type { MethodName } from './index'
import { isListedMethodName } from './methodNames'

/** Sends one call to main; resolves with the envelope main answered. */
export type BridgeInvoke = (method: MethodName, input: unknown) => Promise<unknown>
/** Delivers every event envelope from main to `listener` until the returned function is called. */
export type BridgeSubscribe = (listener: (envelope: unknown) => void) => () => void

export function createBridge(invoke: BridgeInvoke, subscribe: BridgeSubscribe): RawBridge {
  return Object.freeze({
    invoke(method: string, input: unknown): Promise<unknown> {
      if (!isListedMethodName(method)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'unknown_method', message: `unknown method ${String(method)}` },
        })
      }
      return invoke(method, input)
    },
    subscribe(listener: (envelope: unknown) => void): () => void {
      return subscribe(listener)
    },
  })
}
