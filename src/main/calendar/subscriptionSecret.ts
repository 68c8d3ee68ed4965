// Where a subscription's URL is kept (#25): it usually embeds a secret token, so it lives in the
// secret store (safeStorage in the app, a 0600 file in the CLI) under `calendar_url@<source id>`,
// and the database holds only `origin/… (#hint)`. Rows stored before that held the URL itself:
// the first refresh moves it into the secret store.
import type { SecretStore } from '../base/secretStore'
import type { CalendarRepository, StoredCalendarSource } from '../store/calendars'
import { isRedactedUrl, redactedUrl } from './subscriptionUrl'

const secretName = (sourceId: string) => `calendar_url@${sourceId}`

export function createSubscriptionSecrets(secretStore: SecretStore, repo: CalendarRepository) {
  return {
    keep: (sourceId: string, address: string) => secretStore.set(secretName(sourceId), address),
    forget: (sourceId: string) => secretStore.delete(secretName(sourceId)),

    /** The URL to fetch, or null when this machine's secret store does not have it. */
    async addressOf(source: StoredCalendarSource): Promise<string | null> {
      const kept = await secretStore.get(secretName(source.id))
      if (kept !== null) return kept
      if (isRedactedUrl(source.location)) return null
      // Stored before #25: move it; if the store cannot take it yet (no keyring), fetch anyway and move it later.
      const moved = await secretStore.set(secretName(source.id), source.location).then(
        () => true,
        () => false,
      )
      if (moved) repo.setLocation(source.id, redactedUrl(source.location))
      return source.location
    },
  }
}

export const MISSING_SUBSCRIPTION_URL =
  'the subscription URL is not in the secret store here (the app and the command line keep their own); remove the calendar and add it again'
