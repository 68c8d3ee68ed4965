// "New entries await review" — at most once per interval, and only when the count grew, so a
// busy day produces a few nudges, not a stream.
export interface ReviewNotifierOptions {
  show: (title: string, body: string) => void
  now: () => number
  minIntervalMs?: number
}

export function createReviewNotifier(options: ReviewNotifierOptions) {
  const minInterval = options.minIntervalMs ?? 30 * 60_000
  let lastShownAt = Number.NEGATIVE_INFINITY
  let lastCount = 0
  return {
    /** call on every status change; returns whether a notification was shown */
    update(pendingCount: number, enabled: boolean): boolean {
      const grew = pendingCount > lastCount
      lastCount = pendingCount
      if (!enabled || !grew || options.now() - lastShownAt < minInterval) return false
      lastShownAt = options.now()
      options.show(
        'Time awaiting review',
        `${pendingCount} suggested ${pendingCount === 1 ? 'entry is' : 'entries are'} ready to approve.`,
      )
      return true
    },
  }
}
