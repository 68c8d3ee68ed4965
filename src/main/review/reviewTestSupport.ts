// Builders for review tests: a core on a temp database with entries and signals seeded.
import { randomUUID } from 'node:crypto'
import type { LocalEntry } from '../../shared/domain'

export function pendingEntry(startIso: string, minutes: number, overrides: Partial<LocalEntry> = {}): LocalEntry {
  const start = Date.parse(startIso)
  const end = new Date(start + minutes * 60_000).toISOString().replace('.000Z', 'Z')
  return {
    id: randomUUID(),
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
