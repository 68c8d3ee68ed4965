import BetterSqlite3 from 'better-sqlite3'
import { createServer } from 'node:net'
// Test fixtures for sync: a local database with approved entries and the signals of their spans.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LocalEntry } from '../../src/shared/domain'
import { systemClock, type Clock } from '../../src/main/base/clock'
import { createManualClock } from './manualClock'
import { isoSeconds } from '../../src/shared/isoTime'
import { silentLogger } from '../../src/main/base/logger'
import { approveEntries } from '../../src/main/store/decisions'
import { insertEntries } from '../../src/main/store/entries'
import { createMemorySecretStore } from '../../src/main/base/secretStore'
import { openDatabase, type WritableDB } from '../../src/main/store/database'
import { upsertSignals, type SignalRecord } from '../../src/main/store/signals'
import {
  createSyncEngine,
  tokenSecretName,
  type SyncEngine,
  type SyncEngineOptions,
} from '../../src/main/sync/syncEngine'
import { entryFixture } from '../shared/entryFixture'

export const DAY0 = Date.parse('2024-01-24T08:00:00Z')
const MIN = 60_000

export function tempDir(prefix = 'billops-sync-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** What a calendar-only draft keeps locally (join.ts): private details that must never be sent. */
export const PRIVATE_MEETING = {
  title: 'Acme v. Globex settlement call',
  attendee: 'ceo@globex.example',
  domain: 'globex.example',
}

export interface SeedOptions {
  /** entries 0, n, 2n, … have a 23-minute quiet stretch inside (no device signal) */
  splitEvery?: number
  /**
   * entries 1, n+1, 2n+1, … have no device signal at all: alternately a calendar-only
   * meeting (context_data.calendar, as the heuristics write it) and away time the user assigned
   * (source manual, as the away prompt writes it)
   */
  attestedEvery?: number
  startMs?: number
}

/** A calendar-only meeting draft with the private details join.ts keeps in context_data. */
export function calendarOnlyFixture(id: string, startIso: string, minutes: number): LocalEntry {
  const entry = entryFixture(id, startIso, minutes, { activity_type: 'meeting' })
  return {
    ...entry,
    context_data: {
      confidence: 0.35,
      applications: [],
      primary_activity: 'meeting',
      reasons: [`Calendar: ${PRIVATE_MEETING.title}`, 'Calendar only: no activity on this machine'],
      narrative: `${PRIVATE_MEETING.title} with ${PRIVATE_MEETING.attendee}`,
      calendar: {
        kind: 'calendar_only',
        event_key: `evt-${id}`,
        title: PRIVATE_MEETING.title,
        started_at: entry.started_at,
        ended_at: entry.ended_at,
        attendee_domains: [PRIVATE_MEETING.domain],
      },
    },
  }
}

/** Away time the user assigned from the away prompt (awayService.ts's newEntry). */
export function awayAssignedFixture(id: string, startIso: string, minutes: number): LocalEntry {
  return entryFixture(id, startIso, minutes, {
    source: 'manual',
    activity_type: 'meeting',
    user_touched: true,
    context_data: {
      confidence: 1,
      applications: [],
      primary_activity: 'meeting',
      reasons: ['assigned from the away prompt'],
    },
  })
}

/**
 * `count` pending entries of 30 minutes, 40 minutes apart, each with its signals. Every
 * `splitEvery`-th entry has a 23-minute gap inside; every `attestedEvery`-th has no signals.
 */
export function seedEntries(db: WritableDB, count: number, options: SeedOptions = {}): LocalEntry[] {
  const start0 = options.startMs ?? DAY0
  const signals: SignalRecord[] = []
  const entries: LocalEntry[] = []
  for (let i = 0; i < count; i++) {
    const start = start0 + i * 40 * MIN
    const id = `local-${String(i).padStart(5, '0')}`
    const unsignalled = options.attestedEvery !== undefined && i % options.attestedEvery === 1 % options.attestedEvery
    if (unsignalled) {
      const made =
        Math.floor(i / options.attestedEvery!) % 2 === 0
          ? calendarOnlyFixture(id, isoSeconds(start), 30)
          : awayAssignedFixture(id, isoSeconds(start), 30)
      entries.push({ ...made, created_at: isoSeconds(start0), updated_at: isoSeconds(start0) })
      continue
    }
    const split = options.splitEvery !== undefined && i % options.splitEvery === 0
    const offsets = split ? [0, 2, 25] : [0, 5, 10, 15, 20, 29]
    const app = i % 3 === 0 ? 'chrome' : 'vscode'
    signals.push({ ts: Math.floor(start / 1000), app, type: 'app_focus', count: 1, title: 'Secret client memo.docx' })
    for (const offset of offsets)
      signals.push({ ts: Math.floor((start + offset * MIN) / 1000), app, type: 'keyboard', count: 3, title: null })
    entries.push(
      entryFixture(id, isoSeconds(start), 30, {
        context_data: { confidence: 0.9, applications: ['vscode'], primary_activity: 'vscode', reasons: [] },
        created_at: isoSeconds(start0),
        updated_at: isoSeconds(start0),
      }),
    )
  }
  upsertSignals(db, signals)
  insertEntries(db, entries)
  return entries
}

export function seedApproved(
  db: WritableDB,
  count: number,
  options: SeedOptions & { project?: string } = {},
): LocalEntry[] {
  const entries = seedEntries(db, count, options)
  return approveEntries(
    db,
    entries.map((e) => e.id),
    { project_id: options.project ?? 'proj-1', client_id: 'client-1' },
  )
}

export interface TestEngine {
  db: WritableDB
  engine: SyncEngine
  clock: Clock
}

/** An engine with no real waiting: backoff and polls advance a manual clock instead of sleeping. */
export function createTestEngine(
  db: WritableDB,
  serverUrl: string,
  token: string,
  overrides: Partial<SyncEngineOptions> = {},
): TestEngine {
  const clock = createManualClock(systemClock.now())
  const engine = createSyncEngine({
    db,
    clock,
    logger: silentLogger,
    fetch,
    secretStore: createMemorySecretStore({ [tokenSecretName(serverUrl)]: token }),
    serverUrl: () => serverUrl,
    thresholds: () => ({ idle_threshold_minutes: 5, max_merge_idle_minutes: 10 }),
    sleep: async (ms) => {
      clock.advance(ms)
      // let the reference server's task timers run
      await new Promise((resolve) => setImmediate(resolve))
    },
    random: () => 0.5,
    concurrency: 4,
    ...overrides,
  })
  return { db, engine, clock }
}

export function openTempDb(dir: string, name = 'local.sqlite'): WritableDB {
  return openDatabase(join(dir, name))
}

/** A localhost port with nothing listening: connections to it are refused (a BillOps server that is down). */
export async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const address = probe.address()
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** How many entries a database file holds, read without opening it for writing (no migration). */
export function countEntriesInFile(path: string): number {
  const db = new BetterSqlite3(path, { readonly: true })
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM entries').get() as { n: number }).n
  } finally {
    db.close()
  }
}
