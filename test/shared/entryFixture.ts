// Test builder (not used by the app): a pending local entry of `minutes` starting at `startIso`,
// shared by main-process, sync and renderer tests so they agree on what a plain entry looks like.
import type { LocalEntry } from '../../src/shared/domain'

export function entryFixture(
  id: string,
  startIso: string,
  minutes: number,
  overrides: Partial<LocalEntry> = {},
): LocalEntry {
  const end = new Date(Date.parse(startIso) + minutes * 60_000).toISOString().replace('.000Z', 'Z')
  return {
    id,
    started_at: startIso,
    ended_at: end,
    duration_minutes: minutes,
    status: 'pending',
    source: 'auto',
    activity_type: 'focused_work',
    project_id: null,
    client_id: null,
    notes: null,
    context_data: { confidence: 0.8, applications: ['vscode'], primary_activity: 'focused_work', reasons: [] },
    sync_state: 'local',
    user_touched: false,
    server_ids: [],
    sync_error: null,
    created_at: startIso,
    updated_at: startIso,
    ...overrides,
  }
}
