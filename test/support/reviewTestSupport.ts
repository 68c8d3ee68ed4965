// Builders for review tests: a core on a temp database with entries and signals seeded.
import { randomUUID } from 'node:crypto'
import type { LocalEntry } from '../../src/shared/domain'
import { entryFixture } from '../shared/entryFixture'

export function pendingEntry(startIso: string, minutes: number, overrides: Partial<LocalEntry> = {}): LocalEntry {
  return entryFixture(randomUUID(), startIso, minutes, overrides)
}
