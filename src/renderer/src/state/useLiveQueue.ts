// Keeps the queue, projects and away prompt in step with main once the bridge is connected:
// first load, patch the rows main names in review.changed, reload when rules/settings change,
// away check on focus.
import { useEffect } from 'react'
import { useAppStore } from './appStore'
import { useAwayStore } from './awayStore'
import { useProjectsStore } from './projectsStore'
import { createQueueDeltas } from './queueDeltas'
import { useReviewStore } from './reviewStore'
import { useSettingsStore } from './settingsStore'
import { useSyncStore } from './syncStore'

/** Wait for a burst of changes to settle before reloading 10,000 rows. */
const RELOAD_DEBOUNCE_MS = 800
const AWAY_POLL_MS = 60_000

export function useLiveQueue(): void {
  const api = useAppStore((s) => s.api)
  useEffect(() => {
    if (!api) return
    // main.tsx starts the queue before the first render; load here only if it did not.
    if (useReviewStore.getState().phase === 'idle') void useReviewStore.getState().load()
    void useProjectsStore.getState().load()
    void useSettingsStore.getState().load()
    void useAwayStore.getState().check()
    void useSyncStore.getState().load()

    let timer: ReturnType<typeof setTimeout> | undefined
    // A reload someone asked for outright must survive a later "only if the count differs".
    let forced = false
    const reloadSoon = (onlyIfCountDiffers: boolean) => {
      forced ||= !onlyIfCountDiffers
      clearTimeout(timer)
      timer = setTimeout(() => {
        const review = useReviewStore.getState()
        const status = useAppStore.getState().status
        const force = forced
        forced = false
        // Our own actions also change the count; reload only when main and the list disagree.
        if (!force && (!review.loadedAll || !status || status.pending_count === review.pendingCount())) return
        void review.load()
      }, RELOAD_DEBOUNCE_MS)
    }
    const deltas = createQueueDeltas(api, () => reloadSoon(false))
    const offs = [
      api.on('review.changed', (event) => deltas.apply(event)),
      api.on('settings.changed', (settings) => {
        useSettingsStore.setState({ settings })
        // New rules or thresholds re-classify untouched suggestions and change billed minutes.
        reloadSoon(false)
      }),
      api.on('sync.status', (status) => useSyncStore.setState({ status })),
      api.on('status.changed', () => {
        reloadSoon(true)
        void useAwayStore.getState().check()
      }),
    ]
    const onFocus = () => void useAwayStore.getState().check()
    window.addEventListener('focus', onFocus)
    const poll = setInterval(onFocus, AWAY_POLL_MS)
    return () => {
      deltas.dispose()
      clearTimeout(timer)
      clearInterval(poll)
      window.removeEventListener('focus', onFocus)
      for (const off of offs) off()
    }
  }, [api])
}
