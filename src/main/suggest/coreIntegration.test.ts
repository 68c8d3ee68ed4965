import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ReviewChanged } from '../../shared/contract/entries'
import { createCore } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { upsertSignals, type SignalRecord } from '../store/signals'
import { createInProcessWorkerFactory } from '../../../test/support/inProcessWorker'
import { createWorkerLogic } from './workerLogic'

describe('heuristics in the composition root', () => {
  it('suggestions appear in the review queue, announced by review.changed', async () => {
    const core = createCore({
      dbPath: join(mkdtempSync(join(tmpdir(), 'billops-core-heur-')), 'db.sqlite'),
      logger: silentLogger,
      suggestWorkerFactory: createInProcessWorkerFactory(createWorkerLogic),
    })
    try {
      const changes: string[] = []
      const payloads: ReviewChanged[] = []
      core.events.on('review.changed', (payload) => {
        changes.push(payload.reason)
        payloads.push(payload)
      })
      const t0 = Date.parse('2024-01-24T09:00:00Z') / 1000
      const signals: SignalRecord[] = []
      for (let t = 0; t <= 1200; t += 5)
        signals.push({ ts: t0 + t, app: 'vscode', type: 'keyboard', count: 1, title: null })
      upsertSignals(core.db, signals)

      await core.suggest.processPending()

      const page = await core.dispatch('review.listPending', {})
      expect(page.ok && (page.value as { total: number }).total).toBe(1)
      expect(changes).toContain('suggestions')
      // the event names the entry the round wrote, so the queue fetches that one row
      const listed = page.ok ? (page.value as { entries: { id: string }[] }).entries.map((e) => e.id) : []
      expect(payloads.flatMap((e) => e.added)).toEqual(listed)
      expect(payloads.every((e) => !e.reload && e.removed.length === 0)).toBe(true)
      const fetched = await core.dispatch('review.getEntries', { ids: listed })
      expect(fetched.ok && (fetched.value as { entries: { id: string }[] }).entries.map((e) => e.id)).toEqual(listed)
      expect(core.status().pending_count).toBe(1)
      expect(await core.dispatch('suggest.getStatus', null)).toEqual({
        ok: true,
        value: { state: 'idle', restarts: 0, last_error: null },
      })
    } finally {
      await core.close()
    }
  })
})
