// Sandboxed preload (bundled into one CommonJS file): exposes only `window.billops`, the generic
// invoke/subscribe bridge of `createBridge` (shared with the e2e test transport) over Electron IPC.
// No ipcRenderer, no Node objects reach the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { createBridge } from '../shared/contract/bridge'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/ipcChannels'

const bridge = createBridge(
  (method, input) => ipcRenderer.invoke(INVOKE_CHANNEL, method, input),
  (listener) => {
    const forward = (_event: IpcRendererEvent, envelope: unknown) => listener(envelope)
    ipcRenderer.on(EVENT_CHANNEL, forward)
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, forward)
  },
)

contextBridge.exposeInMainWorld('billops', bridge)
