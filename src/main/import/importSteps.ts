// Imports run as generators that `yield` every few thousand items: the same code runs to the end
// in one go (tests, small inputs) or in slices of a few milliseconds with the event loop running
// between them (the app's main process, the CLI), so an import never stalls the app and Ctrl-C is
// seen between two slices. Stopping between slices leaves nothing written: imports write only
// after they have read everything.

/** Work in steps: each `yield` is a point where the caller may let the event loop run, or stop. */
export type Steps<T> = Generator<void, T, void>

/** Items between two yields in a loop (cheap enough that a slice check stays negligible). */
export const ITEMS_PER_STEP = 1024

/** Runs to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

export class ImportInterruptedError extends Error {
  constructor() {
    super('import interrupted before anything was written')
    this.name = 'ImportInterruptedError'
  }
}

export interface YieldingOptions {
  /** checked between slices; true stops the import (ImportInterruptedError) */
  shouldStop?: () => boolean
  /** longest run without letting the event loop turn (default 10 ms, well under the 50 ms budget) */
  sliceMs?: number
  now?: () => number
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/** Runs in slices of at most `sliceMs`, the event loop turning between them. */
export async function runStepsYielding<T>(steps: Steps<T>, options: YieldingOptions = {}): Promise<T> {
  const now = options.now ?? (() => performance.now())
  const sliceMs = options.sliceMs ?? 10
  let sliceStart = now()
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
    if (now() - sliceStart < sliceMs) continue
    await nextTurn()
    if (options.shouldStop?.()) {
      steps.return(undefined as never)
      throw new ImportInterruptedError()
    }
    sliceStart = now()
  }
}
