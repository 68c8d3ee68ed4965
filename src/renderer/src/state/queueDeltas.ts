// Patches the review queue from review.changed: removed ids leave at once, added and changed
// entries are fetched by id. Only an event that cannot name its entries reloads the queue.
import type { ApiClient } from '../../../shared/contract/client'
import { MAX_CHANGED_IDS, type ReviewChanged } from '../../../shared/contract/entries'
import { useReviewStore } from './reviewStore'

/** Heuristics write several times a round while catching up: fetch what a burst touched at once. */
const FETCH_COALESCE_MS = 100

export interface QueueDeltas {
  apply(event: ReviewChanged): void
  dispose(): void
}

export function createQueueDeltas(api: ApiClient, reload: () => void): QueueDeltas {
  const wanted = new Set<string>()
  /**
   * Non-null while a fetch is out (one at a time): the ids removed meanwhile, which its answer,
   * read before they were deleted, may still hold.
   */
  let removedDuringFetch: Set<string> | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let disposed = false

  const schedule = () => {
    if (timer === undefined && removedDuringFetch === null && wanted.size > 0)
      timer = setTimeout(() => void fetchWanted(), FETCH_COALESCE_MS)
  }

  async function fetchWanted(): Promise<void> {
    timer = undefined
    const ids = [...wanted].slice(0, MAX_CHANGED_IDS)
    for (const id of ids) wanted.delete(id)
    const skip = (removedDuringFetch = new Set())
    try {
      const { entries } = await api.call('review.getEntries', { ids })
      if (disposed) return
      const found = new Set(entries.map((entry) => entry.id))
      // An id main no longer has was deleted after it changed; its removal event may still come.
      const missing = ids.filter((id) => !found.has(id))
      useReviewStore.getState().mergeFromMain(
        entries.filter((entry) => !skip.has(entry.id)),
        missing,
      )
    } catch {
      // Rows that cannot be patched are stale: a reload shows what is true.
      if (!disposed) reload()
    } finally {
      removedDuringFetch = null
      if (!disposed) schedule()
    }
  }

  return {
    apply(event) {
      if (disposed) return
      if (event.reload) return reload()
      for (const id of event.removed) {
        wanted.delete(id)
        removedDuringFetch?.add(id)
      }
      if (event.removed.length > 0) useReviewStore.getState().mergeFromMain([], event.removed)
      for (const id of [...event.added, ...event.changed]) wanted.add(id)
      schedule()
    },
    dispose() {
      disposed = true
      clearTimeout(timer)
    },
  }
}
