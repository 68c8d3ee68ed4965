// A generated working week against the matter list (#30): how many drafted entries carry a matter,
// and whether each one is the matter its window named. Prints the figure for the note.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { prng } from '../../../test/shared/prng'
import { RECOGNITION_MATTERS } from '../../../test/shared/matters/recognitionMatters'
import { TITLES } from '../../../test/shared/matters/recognitionTitles'
import { defaultSettings } from '../../shared/domain'
import { MatterRecord } from '../../shared/matters/matterList'
import { silentLogger } from '../base/logger'
import { closeDatabase, openDatabase, type WritableDB } from '../store/database'
import { listEntries } from '../store/entries'
import { importMatters, listMatters } from '../store/matters'
import { upsertSignals, type SignalRecord } from '../store/signals'
import { SuggestHost } from '../suggest/host'
import { createInProcessWorkerFactory } from '../../../test/support/inProcessWorker'
import { createWorkerLogic } from '../suggest/workerLogic'

const APP_OF_KIND: Record<string, string> = {
  document: 'word',
  outlook: 'outlook',
  gmail: 'chrome',
  dms: 'word',
  calendar: 'zoom',
  'near-miss': 'chrome',
}
const MONDAY = Date.parse('2024-03-04T08:00:00Z') / 1000

let db: WritableDB | null = null
afterEach(() => {
  if (db) closeDatabase(db)
  db = null
})

describe('a generated week with the matter list', () => {
  it('drafts most entries with their matter, and only the matter their windows named', async () => {
    db = openDatabase(join(mkdtempSync(join(tmpdir(), 'billops-week-')), 'db.sqlite'))
    importMatters(
      db,
      RECOGNITION_MATTERS.map((m) =>
        MatterRecord.parse({
          number: m.number,
          name: m.name,
          client: m.client_id,
          aliases: m.aliases,
          parties: m.parties,
          domains: m.domains,
        }),
      ),
      '2024-03-01T00:00:00Z',
    )
    const projectOf = new Map(listMatters(db).map((m) => [m.number, m.project_id]))
    // sure rows with one matter, and rows naming none (the hard and unsure rows are left out: they ask)
    const named = TITLES.filter((row) => typeof row[2] === 'string' && row[3] !== false && row[0] !== 'hard')
    const unnamed = TITLES.filter((row) => row[2] === null && row[0] !== 'hard')
    const random = prng(30)
    const truth = new Map<string, string | null>()
    const signals: SignalRecord[] = []
    for (let day = 0; day < 5; day++) {
      let t = MONDAY + day * 86_400
      for (let block = 0; block < 9; block++) {
        const pool = random() < 0.7 ? named : unnamed
        const row = pool[Math.floor(random() * pool.length)]!
        const app = APP_OF_KIND[row[0]] ?? 'chrome'
        const minutes = 10 + Math.floor(random() * 50)
        signals.push({ ts: t, app, type: 'app_focus', count: 1, title: row[1] })
        for (let s = 0; s <= minutes * 60; s += 5)
          signals.push({ ts: t + s, app, type: app === 'zoom' ? 'mouse_move' : 'keyboard', count: 1, title: null })
        truth.set(
          new Date(t * 1000).toISOString().replace('.000Z', 'Z'),
          typeof row[2] === 'string' ? (projectOf.get(row[2]) ?? null) : null,
        )
        // a gap longer than the meeting idle threshold and the merge limit: every block is its own entry
        t += minutes * 60 + 45 * 60
      }
    }
    upsertSignals(db, signals)
    const host = new SuggestHost({
      db,
      settings: () => defaultSettings(),
      workerFactory: createInProcessWorkerFactory(createWorkerLogic),
      logger: silentLogger,
      now: () => Date.parse('2024-03-11T00:00:00Z'),
    })
    await host.processPending()
    await host.close()

    const entries = listEntries(db)
    const withMatter = entries.filter((e) => e.context_data.suggestion_source === 'matter')
    const wrong = entries
      .filter((e) => truth.has(e.started_at) && e.project_id !== truth.get(e.started_at))
      .map((e) => [e.started_at, e.project_id, truth.get(e.started_at)])
    const namedBlocks = [...truth.values()].filter((v) => v !== null).length
    console.warn(
      `generated week: ${entries.length} entries, ${withMatter.length} drafted with a matter (${Math.round((100 * withMatter.length) / entries.length)} %); ${namedBlocks} of ${truth.size} blocks named a matter; wrong: ${wrong.length}`,
    )
    expect(entries).toHaveLength(truth.size)
    expect(wrong).toEqual([])
    expect(withMatter).toHaveLength(namedBlocks)
  })
})
