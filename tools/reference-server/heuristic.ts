// The reference server's own, deliberately simple heuristics: signals → suggested entries.
// Like the real server it may cut a span differently from the desktop app (split at idle gaps,
// one-minute floor for a lone signal), which is exactly what the client must reconcile.

export interface IngestSignal {
  timestamp: string
  app: string
  type: string
  source_type: string
}

export interface SuggestedEntry {
  started_at: string
  ended_at: string
  duration_minutes: number
  activity_type: string
  context_data: { confidence: number; applications: string[]; primary_activity: string }
}

export interface Verification {
  confidence: number
  reason: string
  description: string
}

export const VERIFY_BELOW = 0.5
const MEETING_APPS = new Set(['zoom', 'teams', 'meet', 'webex'])
const BROWSER_APPS = new Set(['chrome', 'firefox', 'safari', 'edge', 'chromium'])
const CHAT_APPS = new Set(['slack', 'mail', 'outlook', 'thunderbird'])

export const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')

export function suggestEntries(
  signals: readonly IngestSignal[],
  idleThresholdMinutes: number,
  maxMergeIdleMinutes: number,
): SuggestedEntry[] {
  const sorted = signals.map((signal) => ({ signal, ms: Date.parse(signal.timestamp) })).sort((a, b) => a.ms - b.ms)
  // Activity separated by more than the idle threshold is a new stretch; stretches closer than
  // the merge window are joined again (the seed's two thresholds).
  const gapMs = Math.max(idleThresholdMinutes, maxMergeIdleMinutes) * 60_000
  const groups: (typeof sorted)[] = []
  for (const item of sorted) {
    const current = groups.at(-1)
    const last = current?.at(-1)
    if (current && last && item.ms - last.ms <= gapMs) current.push(item)
    else groups.push([item])
  }
  return groups.map((group) => {
    const start = group[0]!.ms
    const end = Math.max(group.at(-1)!.ms, start + 60_000)
    const perApp = new Map<string, number>()
    for (const { signal } of group) perApp.set(signal.app, (perApp.get(signal.app) ?? 0) + 1)
    const ranked = [...perApp.entries()].sort((a, b) => b[1] - a[1])
    const [topApp, topCount] = ranked[0]!
    const confidence = Math.round((topCount / group.length) * 100) / 100
    return {
      started_at: isoSeconds(start),
      ended_at: isoSeconds(end),
      duration_minutes: Math.round(((end - start) / 60_000) * 100) / 100,
      activity_type: activityFor(topApp, ranked.length),
      context_data: {
        confidence,
        applications: ranked.map(([app]) => app),
        primary_activity: ranked.length > 1 ? 'mixed' : topApp,
      },
    }
  })
}

/** The entry as two halves cut at a whole minute near its middle; one shorter than 2 minutes stays whole. */
export function cutInTwo(entry: SuggestedEntry): SuggestedEntry[] {
  const start = Date.parse(entry.started_at)
  const end = Date.parse(entry.ended_at)
  if (end - start < 2 * 60_000) return [entry]
  const middle = start + Math.floor((end - start) / 120_000) * 60_000
  const part = (from: number, to: number): SuggestedEntry => ({
    ...entry,
    started_at: isoSeconds(from),
    ended_at: isoSeconds(to),
    duration_minutes: Math.round(((to - from) / 60_000) * 100) / 100,
  })
  return [part(start, middle), part(middle, end)]
}

function activityFor(app: string, appCount: number): string {
  if (MEETING_APPS.has(app)) return 'meeting'
  if (appCount > 2) return 'mixed'
  if (BROWSER_APPS.has(app)) return 'research'
  if (CHAT_APPS.has(app)) return 'communication'
  return 'focused_work'
}
