// The renderer reaches the app only through `window.billops`, exposed by the preload in Electron
// and by the test transport's bridge script in a plain browser. Same contract either way.
import { createApiClient, type ApiClient, type RawBridge } from '../../../shared/contract/client'

declare global {
  interface Window {
    billops?: RawBridge
  }
}

export function connectApi(): ApiClient | null {
  const bridge = window.billops
  return bridge ? createApiClient(bridge) : null
}
