// Waiting in tests that drive real processes (X server, capture, workers): poll a condition, fail
// with what was awaited. Used for readiness only, never to assert how fast something is.

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function until(what: string, condition: () => boolean, timeoutMs = 15_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(everyMs)
  }
}
