import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, describe, expect, it } from 'vitest'
import type { EntryDelta } from '../../shared/contract/entries'
import { defaultSettings, type Settings } from '../../shared/domain'
import { suggestStored, type StoredSignal } from '../../shared/heuristics/incremental'
import { engineConfig } from '../../shared/heuristics/types'
import { silentLogger, type Logger } from '../base/logger'
import { insertEntries, listEntries } from '../store/entries'
import { importMatters } from '../store/matters'
import { MatterRecord } from '../../shared/matters/matterList'
import { entryFixture } from '../../../test/shared/entryFixture'
import { closeDatabase, openDatabase, type WritableDB } from '../store/database'
import { readSignalCursor } from '../store/cursor'
import { upsertSignals, withInheritedTitles, type SignalRecord } from '../store/signals'
import { listSignals } from '../../../test/support/signalRows'
import { SuggestHost, HOST_MIN_ENTRY_MS, type SuggestStatus } from './host'
import { suggestWorkerFromSource } from './workerFactory'
import { createInProcessWorkerFactory } from '../../../test/support/inProcessWorker'
import { createWorkerLogic } from './workerLogic'
import { type WorkerFactory } from '../base/workerThread'

const T0 = Date.parse('2024-01-24T09:00:00Z') / 1000
const inProcess = createInProcessWorkerFactory(createWorkerLogic)

interface Fixture {
  db: WritableDB
  host: SuggestHost
  settings: Settings
  statuses: SuggestStatus[]
  errors: string[]
  deltas: EntryDelta[]
}
const open: Fixture[] = []

function fixture(
  options: { factory?: WorkerFactory; settings?: Partial<Settings>; workerCallTimeoutMs?: number } = {},
): Fixture {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'billops-heur-')), 'db.sqlite'))
  const statuses: SuggestStatus[] = []
  const errors: string[] = []
  const logger: Logger = { ...silentLogger, error: (message) => void errors.push(message) }
  const f: Fixture = {
    db,
    settings: { ...defaultSettings(), ...options.settings },
    statuses,
    errors,
    deltas: [],
    host: null as unknown as SuggestHost,
  }
  f.host = new SuggestHost({
    db,
    settings: () => f.settings,
    workerFactory: options.factory ?? inProcess,
    logger,
    now: () => Date.parse('2024-01-25T00:00:00Z'),
    onStatus: (status) => void statuses.push(status),
    onEntriesChanged: (delta) => void f.deltas.push(delta),
    workerCallTimeoutMs: options.workerCallTimeoutMs,
  })
  open.push(f)
  return f
}

afterEach(async () => {
  for (const f of open.splice(0)) {
    await f.host.close()
    closeDatabase(f.db)
  }
})

/** Input every `every` seconds in [from, to] (seconds after T0); with a title, a focus signal carries it first, as capture writes. */
function addActivity(
  db: WritableDB,
  from: number,
  to: number,
  app: string,
  every = 5,
  title: string | null = null,
): void {
  const signals: SignalRecord[] = title === null ? [] : [{ ts: T0 + from, app, type: 'app_focus', count: 1, title }]
  for (let t = from; t <= to; t += every) signals.push({ ts: T0 + t, app, type: 'keyboard', count: 1, title: null })
  upsertSignals(db, signals)
}

const spans = (db: WritableDB) => listEntries(db).map((e) => [e.started_at, e.ended_at, e.activity_type])

function expectNoOverlap(db: WritableDB): void {
  const entries = listEntries(db)
  for (let i = 1; i < entries.length; i++) {
    expect(Date.parse(entries[i - 1]!.ended_at)).toBeLessThanOrEqual(Date.parse(entries[i]!.started_at))
  }
}

function batchEntries(db: WritableDB, settings: Settings) {
  const rows = withInheritedTitles(db, listSignals(db))
  const stored: StoredSignal[] = rows.map((r) => ({ ...r, ts: r.ts * 1000 }))
  return suggestStored(stored, engineConfig(settings, {}, { minEntryMs: HOST_MIN_ENTRY_MS })).map((f) => [
    f.entry.started_at,
    f.entry.ended_at,
    f.entry.activity_type,
  ])
}

describe('heuristics host', () => {
  it('turns new signals into pending auto entries and moves the cursor past them', async () => {
    const f = fixture()
    addActivity(f.db, 0, 30 * 60, 'vscode')
    addActivity(f.db, 30 * 60 + 5, 50 * 60, 'word', 5, 'Motion to dismiss.docx')
    const report = await f.host.processPending()
    expect(report.processed_signals).toBe(602)
    expect(spans(f.db)).toEqual([
      ['2024-01-24T09:00:00Z', '2024-01-24T09:30:05Z', 'focused_work'],
      ['2024-01-24T09:30:05Z', '2024-01-24T09:50:00Z', 'writing'],
    ])
    const entries = listEntries(f.db)
    expect(entries.every((e) => e.status === 'pending' && e.source === 'auto' && !e.user_touched)).toBe(true)
    expect(entries[1]?.context_data.narrative).toBe("Drafted 'Motion to dismiss.docx' in word")
    expect(readSignalCursor(f.db)).toEqual({ doneTs: T0 + 50 * 60, claimedTs: T0 + 50 * 60, late: null })
    expect((await f.host.processPending()).processed_signals).toBe(0)
  })

  it('processing minute by minute stores what one pass over the whole day computes', async () => {
    const f = fixture()
    const plan: Array<[number, number, string]> = [
      [0, 20 * 60, 'vscode'],
      [20 * 60 + 5, 21 * 60, 'outlook'],
      [21 * 60 + 5, 40 * 60, 'vscode'],
      [48 * 60, 70 * 60, 'vscode'],
      [90 * 60, 120 * 60, 'chrome'],
    ]
    const ids = new Map<string, string>()
    for (const [from, to, app] of plan) {
      for (let t = from; t <= to; t += 60) {
        addActivity(f.db, t, Math.min(t + 55, to), app)
        await f.host.processPending()
        expectNoOverlap(f.db)
        for (const e of listEntries(f.db)) ids.set(e.started_at, ids.get(e.started_at) ?? e.id)
      }
    }
    expect(spans(f.db)).toHaveLength(2)
    expect(spans(f.db)).toEqual(batchEntries(f.db, f.settings))
    // An entry keeps its id while it grows (the review list can update it in place).
    for (const e of listEntries(f.db)) expect(e.id).toBe(ids.get(e.started_at))
  })

  it('never rewrites or overlaps an entry the user approved, and resumes after it', async () => {
    const f = fixture()
    addActivity(f.db, 0, 20 * 60, 'vscode')
    await f.host.processPending()
    const [tail] = listEntries(f.db)
    f.db
      .prepare("UPDATE entries SET status = 'approved', user_touched = 1, project_id = 'p1' WHERE id = ?")
      .run(tail!.id)
    const approvedBefore = f.db.prepare('SELECT * FROM entries WHERE id = ?').get(tail!.id)
    addActivity(f.db, 20 * 60 + 5, 40 * 60, 'vscode')
    await f.host.processPending()
    expect(f.db.prepare('SELECT * FROM entries WHERE id = ?').get(tail!.id)).toEqual(approvedBefore)
    const entries = listEntries(f.db)
    expect(entries).toHaveLength(2)
    // Activity resumes right at the approved entry's end instant: touching, never overlapping.
    expect(entries[1]).toMatchObject({
      status: 'pending',
      started_at: '2024-01-24T09:20:00Z',
      ended_at: '2024-01-24T09:40:00Z',
    })
    expectNoOverlap(f.db)
  })

  it('an edited tail entry is kept as the user left it; signals inside it are not billed again', async () => {
    const f = fixture()
    addActivity(f.db, 0, 10 * 60, 'vscode')
    await f.host.processPending()
    const [tail] = listEntries(f.db)
    // The user stretches the entry to 09:30 (e.g. a call without input).
    f.db.prepare("UPDATE entries SET ended_at = '2024-01-24T09:30:00Z', user_touched = 1 WHERE id = ?").run(tail!.id)
    addActivity(f.db, 10 * 60 + 5, 45 * 60, 'vscode')
    await f.host.processPending()
    const entries = listEntries(f.db)
    expect(entries.map((e) => [e.started_at, e.ended_at, e.user_touched])).toEqual([
      ['2024-01-24T09:00:00Z', '2024-01-24T09:30:00Z', true],
      ['2024-01-24T09:30:00Z', '2024-01-24T09:45:00Z', false],
    ])
  })

  it('re-applies changed rules to pending entries, never to approved ones', async () => {
    const f = fixture()
    addActivity(f.db, 0, 20 * 60, 'word', 5, 'Acme contract.docx')
    addActivity(f.db, 40 * 60, 60 * 60, 'word', 5, 'Acme contract.docx')
    addActivity(f.db, 80 * 60, 100 * 60, 'vscode')
    await f.host.processPending()
    const [first] = listEntries(f.db)
    f.db.prepare("UPDATE entries SET status = 'approved', user_touched = 1 WHERE id = ?").run(first!.id)
    f.settings = {
      ...f.settings,
      classification_rules: [
        { id: 'acme', priority: 0, title_pattern: 'acme', project_id: 'p-acme', client_id: 'c-acme' },
      ],
    }
    expect(await f.host.reapplyRules()).toBeGreaterThanOrEqual(1)
    const entries = listEntries(f.db)
    expect(entries.map((e) => [e.status, e.project_id])).toEqual([
      ['approved', null],
      ['pending', 'p-acme'],
      ['pending', null],
    ])
    expect(entries[1]?.context_data.suggestion_source).toBe('rule')
  })

  it('proposes the project of approved look-alikes (learned), saying why', async () => {
    const f = fixture()
    addActivity(f.db, 0, 20 * 60, 'vscode')
    addActivity(f.db, 40 * 60, 45 * 60, 'chrome')
    await f.host.processPending()
    const [first] = listEntries(f.db)
    f.db
      .prepare(
        "UPDATE entries SET status = 'approved', user_touched = 1, project_id = 'p-billops', client_id = 'c-1' WHERE id = ?",
      )
      .run(first!.id)
    addActivity(f.db, 120 * 60, 150 * 60, 'vscode')
    await f.host.processPending()
    const last = listEntries(f.db).at(-1)
    expect(last).toMatchObject({ project_id: 'p-billops', client_id: 'c-1' })
    expect(last?.context_data.suggestion_reason).toContain('1 approved')
  })

  it('proposes the matter named in the window titles (#30), over a learned look-alike, with the evidence', async () => {
    const f = fixture()
    importMatters(
      f.db,
      [
        MatterRecord.parse({ number: '2024-0117', name: 'Smith v Jones', client: 'Smith Holdings LLC' }),
        MatterRecord.parse({
          number: '2024-0201',
          name: 'Acme / Globex merger',
          client: 'Acme Corp',
          parties: ['Acme Corp', 'Globex Corporation'],
        }),
      ],
      '2024-01-20T00:00:00Z',
    )
    addActivity(f.db, 0, 30 * 60, 'word', 5, 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx - Word')
    addActivity(f.db, 60 * 60, 80 * 60, 'word', 5, 'Board minutes.docx - Word')
    addActivity(f.db, 80 * 60 + 5, 100 * 60, 'word', 5, 'Acme Globex disclosure schedules.docx - Word')
    addActivity(f.db, 200 * 60, 205 * 60, 'chrome')
    await f.host.processPending()
    const [msj, merger] = listEntries(f.db)
    expect(msj).toMatchObject({ project_id: '2024-0117-smith-v-jones', client_id: 'smith-holdings-llc' })
    expect(msj?.context_data).toMatchObject({
      suggestion_source: 'matter',
      suggestion_reason: "Matter 2024-0117 in 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx - Word'",
      matter: { number: '2024-0117', evidence: 'number', sure: true },
    })
    expect(msj!.context_data.confidence).toBeGreaterThanOrEqual(f.settings.verify_confidence_threshold)
    // the second stretch of Word names the merger's parties in part of its titles: proposed, sure (no rival)
    expect(merger).toMatchObject({
      project_id: '2024-0201-acme-globex-merger',
      context_data: { matter: { number: '2024-0201', evidence: 'parties' } },
    })
  })

  it('asks when one entry names two matters: below the verify threshold, both named', async () => {
    const f = fixture()
    importMatters(
      f.db,
      [
        MatterRecord.parse({ number: '2024-0117', name: 'Smith v Jones', client: 'Smith Holdings LLC' }),
        MatterRecord.parse({ number: '2024-0150', name: 'Delta v Harbor', client: 'Delta Logistics' }),
      ],
      '2024-01-20T00:00:00Z',
    )
    addActivity(f.db, 0, 30 * 60, 'outlook', 5, 'RE: 2024-0117 and 2024-0150 scheduling conflicts - Message (HTML)')
    addActivity(f.db, 200 * 60, 205 * 60, 'chrome')
    await f.host.processPending()
    const [entry] = listEntries(f.db)
    expect(entry!.context_data.confidence).toBeLessThan(f.settings.verify_confidence_threshold)
    expect(entry!.context_data.reasons).toContain(
      "Matter 2024-0117 in 'RE: 2024-0117 and 2024-0150 scheduling conflicts - Message (HTML)' — also matter 2024-0150: two matters in one entry",
    )
    expect(entry!.context_data.matter).toEqual({ number: '2024-0117', evidence: 'number', sure: false })
  })

  it('a late signal inside the open tail is folded in; a lone one older than the tail makes no entry', async () => {
    const f = fixture()
    addActivity(f.db, 0, 20 * 60, 'vscode')
    addActivity(f.db, 60 * 60, 70 * 60, 'vscode')
    await f.host.processPending()
    addActivity(f.db, 65 * 60 + 2, 65 * 60 + 2, 'chrome')
    addActivity(f.db, 30 * 60, 30 * 60, 'chrome')
    await f.host.processPending()
    expect(readSignalCursor(f.db).late).toBeNull()
    expect(listEntries(f.db).at(-1)?.context_data.applications).toEqual(['vscode', 'chrome'])
    expect(spans(f.db)).toHaveLength(2)
    expectNoOverlap(f.db)
  })

  it('folds an idle_start that capture dates back into what was already processed, and the quiet call stays one meeting (#23)', async () => {
    const f = fixture({ settings: { max_merge_idle_minutes: 0 } })
    addActivity(f.db, 0, 10 * 60, 'zoom')
    await f.host.processPending()
    // Noticed later, dated at the last input: behind the cursor, inside the open tail.
    upsertSignals(f.db, [{ ts: T0 + 10 * 60, app: 'system', type: 'idle_start', count: 1, title: null }])
    expect(readSignalCursor(f.db).late).toMatchObject({ fromTs: T0 + 10 * 60, toTs: T0 + 10 * 60 })
    addActivity(f.db, 25 * 60, 40 * 60, 'zoom')
    const report = await f.host.processPending()
    expect(report.resets).toBeGreaterThanOrEqual(1)
    expect(readSignalCursor(f.db).late).toBeNull()
    // A 15-minute quiet stretch in a meeting app is still the meeting (30 min threshold): the
    // system's idle marker is a fact the presence model reads, not a cut.
    expect(spans(f.db)).toEqual([['2024-01-24T09:00:00Z', '2024-01-24T09:40:00Z', 'meeting']])
  })

  it('suggests late signals from before the open tail (an import of older activity) only where no entry is yet', async () => {
    const f = fixture()
    addActivity(f.db, 120 * 60, 150 * 60, 'vscode')
    await f.host.processPending()
    const tailBefore = listEntries(f.db)
    expect(tailBefore.map((e) => [e.started_at, e.ended_at])).toEqual([
      ['2024-01-24T11:00:00Z', '2024-01-24T11:30:00Z'],
    ])
    // The user had approved 09:30–09:45 by hand; then signals of that morning are imported.
    insertEntries(f.db, [
      entryFixture('manual', '2024-01-24T09:30:00Z', 15, { status: 'approved', source: 'manual', user_touched: true }),
    ])
    addActivity(f.db, 0, 20 * 60, 'word', 5, 'Brief.docx')
    addActivity(f.db, 25 * 60, 50 * 60, 'vscode')
    expect(readSignalCursor(f.db).late).toMatchObject({ fromTs: T0, toTs: T0 + 50 * 60 })
    await f.host.processPending()
    // Folded like any other signals: the 5-minute gap before vscode is under the idle threshold,
    // and activity before the approved entry ends at the last input before it.
    expect(listEntries(f.db).map((e) => [e.started_at, e.ended_at, e.source, e.status])).toEqual([
      ['2024-01-24T09:00:00Z', '2024-01-24T09:25:00Z', 'auto', 'pending'],
      ['2024-01-24T09:25:00Z', '2024-01-24T09:29:55Z', 'auto', 'pending'],
      ['2024-01-24T09:30:00Z', '2024-01-24T09:45:00Z', 'manual', 'approved'],
      ['2024-01-24T09:45:00Z', '2024-01-24T09:50:00Z', 'auto', 'pending'],
      ['2024-01-24T11:00:00Z', '2024-01-24T11:30:00Z', 'auto', 'pending'],
    ])
    expect(listEntries(f.db)[0]?.context_data.narrative).toBe("Drafted 'Brief.docx' in word")
    expect(listEntries(f.db).at(-1)?.id).toBe(tailBefore[0]?.id)
    expect(readSignalCursor(f.db).late).toBeNull()
    expectNoOverlap(f.db)
    // Nothing new the next time, and counts added to seconds already covered yield nothing.
    addActivity(f.db, 0, 20 * 60, 'word', 60)
    await f.host.processPending()
    expect(listEntries(f.db)).toHaveLength(5)
  })

  it('never suggests time dated in the future (a clock that jumped ahead)', async () => {
    const f = fixture()
    addActivity(f.db, 0, 10 * 60, 'vscode')
    addActivity(f.db, 400 * 24 * 3600, 400 * 24 * 3600 + 600, 'vscode')
    const report = await f.host.processPending()
    expect(report.processed_signals).toBe(242)
    expect(spans(f.db)).toEqual([['2024-01-24T09:00:00Z', '2024-01-24T09:10:00Z', 'focused_work']])
  })

  it('reports a worker crash, restarts the worker and finishes the work', async () => {
    let made = 0
    const crashingThenGood: WorkerFactory = () => {
      made++
      // A real thread that dies on start-up, then the real worker.
      return made === 1 ? new Worker('throw new Error("boom")', { eval: true }) : inProcess()
    }
    const f = fixture({ factory: crashingThenGood })
    addActivity(f.db, 0, 10 * 60, 'vscode')
    const report = await f.host.processPending()
    expect(report.processed_signals).toBe(121)
    expect(made).toBe(2)
    expect(f.errors).toEqual(['heuristics worker crashed; it restarts on the next round'])
    expect(f.statuses.map((s) => s.state)).toEqual(['running', 'restarting', 'running', 'idle'])
    expect(f.host.getStatus()).toMatchObject({ state: 'idle', restarts: 1 })
    expect(listEntries(f.db)).toHaveLength(1)
  })

  it('gives a worker call a time limit and restarts a hung worker', async () => {
    let made = 0
    const hungThenGood: WorkerFactory = () => {
      made++
      // A real thread that is alive but never answers, then the real worker.
      return made === 1 ? new Worker('setInterval(() => {}, 1000)', { eval: true }) : inProcess()
    }
    const f = fixture({ factory: hungThenGood, workerCallTimeoutMs: 300 })
    addActivity(f.db, 0, 10 * 60, 'vscode')
    const report = await f.host.processPending()
    expect(report.processed_signals).toBe(121)
    expect(made).toBe(2)
    expect(f.host.getStatus()).toMatchObject({ state: 'idle', restarts: 1 })
    expect(f.statuses.find((s) => s.state === 'restarting')?.last_error).toMatch(/did not answer within 300 ms/)
    expect(listEntries(f.db)).toHaveLength(1)
  })

  it('gives up after repeated crashes and says so', async () => {
    const f = fixture({ factory: () => new Worker('process.exit(3)', { eval: true }) })
    addActivity(f.db, 0, 60, 'vscode')
    await expect(f.host.processPending()).rejects.toThrow(/exited with code 3/)
    expect(f.host.getStatus().state).toBe('failed')
  })

  it('runs the real worker thread (TypeScript source through tsx)', async () => {
    const f = fixture({ factory: suggestWorkerFromSource() })
    addActivity(f.db, 0, 30 * 60, 'vscode')
    addActivity(f.db, 45 * 60, 60 * 60, 'outlook')
    await f.host.processPending()
    expect(spans(f.db)).toEqual(batchEntries(f.db, f.settings))
    expect(spans(f.db)).toHaveLength(2)
  })

  it('reports the ids of the entries each write inserted, updated and deleted', async () => {
    const f = fixture()
    const seen = { added: 0, changed: 0, removed: 0 }
    /** Runs `work`; the deltas it reported, replayed over the entries before it, must give the entries after it. */
    async function expectDeltasExplain(work: () => Promise<unknown>): Promise<void> {
      const before = new Map(listEntries(f.db).map((e) => [e.id, JSON.stringify(e)]))
      f.deltas.length = 0
      await work()
      const ids = new Set(before.keys())
      const changed = new Set<string>()
      for (const delta of f.deltas) {
        for (const id of delta.added) {
          expect(ids.has(id)).toBe(false)
          ids.add(id)
        }
        for (const id of delta.changed) {
          expect(ids.has(id)).toBe(true)
          changed.add(id)
        }
        for (const id of delta.removed) expect(ids.delete(id)).toBe(true)
        seen.added += delta.added.length
        seen.changed += delta.changed.length
        seen.removed += delta.removed.length
      }
      const after = listEntries(f.db)
      expect([...ids].sort()).toEqual(after.map((e) => e.id).sort())
      for (const entry of after) {
        const was = before.get(entry.id)
        if (was !== undefined && was !== JSON.stringify(entry)) expect(changed).toContain(entry.id)
      }
    }

    // Minute by minute: the open tail grows in place, splits and merges.
    const plan: Array<[number, number, string]> = [
      [0, 6 * 60, 'vscode'],
      [6 * 60 + 5, 7 * 60, 'outlook'],
      [7 * 60 + 5, 12 * 60, 'vscode'],
      [12 * 60 + 5, 16 * 60, 'word'],
      [30 * 60, 34 * 60, 'chrome'],
    ]
    for (const [from, to, app] of plan) {
      for (let t = from; t <= to; t += 60) {
        addActivity(f.db, t, Math.min(t + 55, to), app)
        await expectDeltasExplain(() => f.host.processPending())
      }
    }
    // The user approves an entry: the tail is rebuilt around it.
    const [first] = listEntries(f.db)
    f.db.prepare("UPDATE entries SET status = 'approved', user_touched = 1 WHERE id = ?").run(first!.id)
    addActivity(f.db, 34 * 60 + 5, 40 * 60, 'chrome')
    await expectDeltasExplain(() => f.host.processPending())
    // Older signals imported: suggested on their own.
    addActivity(f.db, -60 * 60, -40 * 60, 'word', 5, 'Brief.docx')
    await expectDeltasExplain(() => f.host.processPending())
    // New rules: pending suggestions are recomputed in place, an excluded app's are dropped.
    f.settings = {
      ...f.settings,
      classification_rules: [
        { id: 'brief', priority: 0, title_pattern: 'brief', project_id: 'p-brief', client_id: null },
      ],
      excluded_apps: ['chrome'],
    }
    await expectDeltasExplain(() => f.host.reapplyRules())
    expect(listEntries(f.db)[0]).toMatchObject({ project_id: 'p-brief' })
    expect(listEntries(f.db).some((e) => e.context_data.applications.includes('chrome'))).toBe(false)

    expect(seen.added).toBeGreaterThan(0)
    expect(seen.changed).toBeGreaterThan(0)
    expect(seen.removed).toBeGreaterThan(0)
  })
})

describe('heuristics host without listeners', () => {
  it('stores suggestions and moves the cursor when nobody listens for entry changes (CLI, benchmarks)', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'billops-heur-')), 'db.sqlite'))
    const host = new SuggestHost({
      db,
      settings: () => defaultSettings(),
      workerFactory: inProcess,
      logger: silentLogger,
      now: () => Date.parse('2024-01-25T00:00:00Z'),
    })
    try {
      addActivity(db, 0, 600, 'vscode')
      const report = await host.processPending()
      expect(report.processed_signals).toBeGreaterThan(0)
      expect(readSignalCursor(db).doneTs).toBe(T0 + 600)
      expect(listEntries(db).length).toBeGreaterThan(0)
    } finally {
      await host.close()
      closeDatabase(db)
    }
  })
})
