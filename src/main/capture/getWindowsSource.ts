// Front window through get-windows, polled: the backend for macOS and Windows, where it is a
// native call. On Linux each call spawns xprop twice and xwininfo once, so the poll runs only
// while input was seen recently (`poke`), with a slow keep-alive poll otherwise.
// A poll tells what is in front somewhere between its start and its answer, so a change it finds
// is dated at its start, and only input up to the start of the newest answered poll is settled:
// input after it waits for the next answer (at most one poll interval while the user is active).
import type { ActiveWindow, ActiveWindowSource, SourceLifecycle, WindowListener } from './types'
import { errorMessage } from '../../shared/errorMessage'

export interface GetWindowsResult {
  title?: string | null
  owner?: { name?: string | null } | null
}

export interface GetWindowsSourceOptions {
  /** defaults to get-windows' activeWindow (ESM-only, hence the dynamic import) */
  activeWindow?: () => Promise<GetWindowsResult | undefined>
  /** poll interval while the user is active */
  pollMs?: number
  /** poll interval without recent input */
  idlePollMs?: number
  /** consecutive failed or empty polls before the source is shown as degraded */
  degradeAfter?: number
  platform?: NodeJS.Platform
  env?: NodeJS.ProcessEnv
  /** wall clock (tests) */
  now?: () => number
}

async function loadActiveWindow(): Promise<() => Promise<GetWindowsResult | undefined>> {
  const module = await import('get-windows')
  return () => module.activeWindow({ accessibilityPermission: false, screenRecordingPermission: true })
}

export function createGetWindowsSource(options: GetWindowsSourceOptions = {}): ActiveWindowSource {
  const pollMs = options.pollMs ?? 1_000
  const idlePollMs = options.idlePollMs ?? 30_000
  const degradeAfter = options.degradeAfter ?? 5
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = true
  let lastPoke = 0
  let settled = Number.NEGATIVE_INFINITY
  const now = options.now ?? Date.now

  return {
    name: 'get-windows',
    async start(onChange: WindowListener, lifecycle: SourceLifecycle) {
      const env = options.env ?? process.env
      if ((options.platform ?? process.platform) === 'linux' && !env.DISPLAY) {
        throw new Error('no X server: DISPLAY is not set (get-windows needs X11 or XWayland)')
      }
      const activeWindow = options.activeWindow ?? (await loadActiveWindow())
      stopped = false
      let last: ActiveWindow | null | undefined
      let misses = 0
      let lastProblem: string | null = null
      let lastPoll = 0
      let everAnswered = false

      const report = (problem: string | null) => {
        if (problem === lastProblem) return
        lastProblem = problem
        lifecycle.degraded(problem)
      }

      const poll = async () => {
        const startedAt = now()
        lastPoll = Date.now()
        let next: ActiveWindow | null = null
        let problem: string | null = null
        try {
          const result = await activeWindow()
          const owner = result?.owner?.name ?? ''
          if (result && owner !== '') next = { owner, title: result.title || null }
          else problem = 'get-windows cannot tell the front window'
        } catch (error) {
          problem = `get-windows failed: ${errorMessage(error)}`
        }
        misses = problem ? misses + 1 : 0
        everAnswered ||= problem === null
        // A source that never answered is degraded at once; a working one after a few misses.
        if (problem && (!everAnswered || misses >= degradeAfter)) report(problem)
        else if (!problem) report(null)
        if (last === undefined || next?.owner !== last?.owner || next?.title !== last?.title) {
          last = next
          onChange(next, startedAt)
        }
        settled = startedAt
      }

      const loop = () => {
        if (stopped) return
        const recentlyActive = Date.now() - lastPoke < 2 * pollMs
        const due = recentlyActive ? pollMs : idlePollMs
        const wait = Math.max(0, lastPoll + due - Date.now())
        timer = setTimeout(
          () => {
            timer = null
            if (stopped) return
            const stillActive = Date.now() - lastPoke < 2 * pollMs
            if (!stillActive && Date.now() - lastPoll < idlePollMs) return loop()
            void poll().finally(loop)
          },
          Math.min(wait, pollMs),
        )
        timer.unref?.()
      }

      await poll()
      loop()
    },
    poke() {
      lastPoke = Date.now()
    },
    settledUntil: () => (stopped ? Number.POSITIVE_INFINITY : settled),
    async stop() {
      stopped = true
      settled = Number.NEGATIVE_INFINITY
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
