// Sandboxed preload (bundled into one CommonJS file): exposes only `window.billops`, a generic
// invoke/subscribe bridge. No ipcRenderer, no Node objects reach the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { isMethodName } from '../shared/contract'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipcChannels'
import type { RawBridge } from '../shared/contract/client'

const bridge: RawBridge = {
  invoke(method, input) {
    if (!isMethodName(method)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_method', message: `unknown method ${String(method)}` } })
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input)
  },
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, envelope: unknown) => listener(envelope)
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  },
}

contextBridge.exposeInMainWorld('billops', bridge)
