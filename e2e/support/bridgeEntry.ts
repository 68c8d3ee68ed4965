// The test transport's page script, bundled by esbuild when the transport starts (see
// testTransport.ts): the preload's own `createBridge`, over HTTP and Server-Sent Events instead of
// Electron IPC. Runs in the browser as a classic script before the app's module script.
import { createBridge } from '../../src/shared/contract/bridge'

const listeners = new Set<(envelope: unknown) => void>()
let source: EventSource | null = null

function ensureEvents(): void {
  if (source) return
  source = new EventSource('/__billops/events')
  source.onmessage = (message: MessageEvent<string>) => {
    let envelope: unknown
    try {
      envelope = JSON.parse(message.data)
    } catch {
      return
    }
    for (const listener of listeners) listener(envelope)
  }
}

window.billops = createBridge(
  async (method, input) => {
    const response = await fetch('/__billops/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // JSON has no `undefined`; IPC would carry it, the dispatcher reads it as "no input" either way.
      body: JSON.stringify({ method, input: input === undefined ? null : input }),
    })
    return (await response.json()) as unknown
  },
  (listener) => {
    ensureEvents()
    listeners.add(listener)
    return () => void listeners.delete(listener)
  },
)
