// The test transport's stand-in for the preload: the same generic `window.billops` bridge
// (invoke + subscribe), over HTTP and Server-Sent Events instead of Electron IPC.
;(() => {
  const listeners = new Set()
  let source = null
  const ensureEvents = () => {
    if (source) return
    source = new EventSource('/__billops/events')
    source.onmessage = (message) => {
      let envelope
      try {
        envelope = JSON.parse(message.data)
      } catch {
        return
      }
      for (const listener of listeners) listener(envelope)
    }
  }
  window.billops = Object.freeze({
    async invoke(method, input) {
      const response = await fetch('/__billops/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ method, input: input === undefined ? null : input }),
      })
      return response.json()
    },
    subscribe(listener) {
      ensureEvents()
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  })
})()
