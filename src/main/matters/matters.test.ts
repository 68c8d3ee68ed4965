import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { upsertSignals, type SignalRecord } from '../store/signals'
import { createInProcessWorkerFactory } from '../../../test/support/inProcessWorker'
import { createWorkerLogic } from '../suggest/workerLogic'

const T0 = Date.parse('2024-01-24T09:00:00Z') / 1000
const CLIO = readFileSync(join(__dirname, '../../../test/shared/matters/clio-matters.csv'), 'utf8')

function work(core: Core, from: number, to: number, app: string, title: string): void {
  const signals: SignalRecord[] = [{ ts: T0 + from, app, type: 'app_focus', count: 1, title }]
  for (let t = from; t <= to; t += 5) signals.push({ ts: T0 + t, app, type: 'keyboard', count: 1, title: null })
  upsertSignals(core.db, signals)
}

async function value<T>(promise: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const reply = await promise
  if (!reply.ok) throw new Error(JSON.stringify(reply.error))
  return reply.value as T
}

describe('matters and UTBMS codes through the contract (#30)', () => {
  it('imports a matter list, suggests a matter with its activity code, and learns the code the user sets', async () => {
    const core = createCore({
      dbPath: join(mkdtempSync(join(tmpdir(), 'billops-matters-')), 'db.sqlite'),
      logger: silentLogger,
      suggestWorkerFactory: createInProcessWorkerFactory(createWorkerLogic),
    })
    try {
      const preview = await value<{ mapping: { fields: Record<string, string> }; imported?: unknown }>(
        core.dispatch('matters.preview', { text: CLIO }),
      )
      expect(preview.mapping.fields.number).toBe('Display Number')
      expect(preview.imported).toBeUndefined()
      expect(await value<unknown[]>(core.dispatch('matters.list', null))).toEqual([])
      const imported = await value<{ imported: { created: number } }>(core.dispatch('matters.import', { text: CLIO }))
      expect(imported.imported.created).toBe(4)
      expect((await core.dispatch('matters.import', { text: '{"matters": 1}', format: 'json' })).ok).toBe(false)

      work(core, 0, 30 * 60, 'word', 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx - Word')
      work(core, 90 * 60, 100 * 60, 'chrome', 'New Tab - Google Chrome')
      await core.suggest.processPending()
      const page = await value<{
        entries: Array<{ id: string; project_id: string | null; context_data: Record<string, unknown> }>
      }>(core.dispatch('review.listPending', {}))
      const msj = page.entries.find((e) => e.project_id === '2024-0117-smith-v-jones')
      expect(msj?.context_data.suggestion_reason).toBe(
        "Matter 2024-0117 in 'Smith v Jones - Matter 2024-0117 - Draft MSJ.docx - Word'",
      )
      const [codes] = await value<Array<Record<string, unknown>>>(core.dispatch('codes.get', { ids: [msj!.id] }))
      // 2024-0117 requires UTBMS: the missing task code is flagged
      expect(codes).toEqual({
        entry_id: msj!.id,
        task_code: null,
        activity_code: 'A103',
        activity_source: 'suggested',
        activity_reason: 'A103 Draft/revise: writing in word',
        task_code_missing: true,
      })
      const checked = await value<Array<{ entry_id: string; violations: Array<{ code: string }> }>>(
        core.dispatch('guidelines.check', { ids: [msj!.id], time_zone: 'Asia/Tokyo' }),
      )
      expect(checked).toEqual([
        {
          entry_id: msj!.id,
          violations: [{ code: 'MISSING_CODES', message: 'UTBMS codes required on matter 2024-0117: no task code' }],
        },
      ])
      expect((await core.dispatch('guidelines.check', { ids: [msj!.id], time_zone: 'Mars/Olympus' })).ok).toBe(false)

      // the reviewer codes it as reviewing (bulk form, one id): their choice wins and is learned
      const set = await value<Array<Record<string, unknown>>>(
        core.dispatch('codes.set', { ids: [msj!.id], task_code: 'L240', activity_code: 'A104' }),
      )
      expect(set[0]).toMatchObject({
        task_code: 'L240',
        activity_code: 'A104',
        activity_source: 'user',
        activity_reason: null,
        task_code_missing: false,
      })
      expect(
        await value<unknown>(core.dispatch('guidelines.check', { ids: [msj!.id], time_zone: 'Asia/Tokyo' })),
      ).toEqual([{ entry_id: msj!.id, violations: [] }])
      expect((await core.dispatch('codes.set', { ids: [msj!.id], activity_code: 'A112' })).ok).toBe(false)
      expect((await core.dispatch('codes.set', { ids: ['nope'], activity_code: 'A101' })).ok).toBe(false)

      work(core, 200 * 60, 230 * 60, 'word', 'Smith v Jones - reply brief.docx - Word')
      work(core, 300 * 60, 310 * 60, 'chrome', 'New Tab - Google Chrome')
      await core.suggest.processPending()
      const later = (
        await value<{ entries: Array<{ id: string; started_at: string }> }>(core.dispatch('review.listPending', {}))
      ).entries.find((e) => e.started_at.startsWith('2024-01-24T12:20'))
      const [learned] = await value<Array<Record<string, unknown>>>(core.dispatch('codes.get', { ids: [later!.id] }))
      expect(learned).toMatchObject({
        activity_code: 'A104',
        activity_source: 'suggested',
        activity_reason: 'A104: you chose it for 1 writing entry in word',
      })

      // Reports: two 30-minute Word entries have the matter, the two Chrome ones do not
      const coverage = await value<{ total: Record<string, number>; apps: Array<Record<string, unknown>> }>(
        core.dispatch('matters.coverage', { from: '2024-01-24', to: '2024-01-24', time_zone: 'Asia/Tokyo' }),
      )
      expect(coverage.total).toMatchObject({
        captured_minutes: 80,
        captured_with_matter_minutes: 60,
        approved_minutes: 0,
      })
      expect(coverage.apps.map((a) => [a.key, a.captured_with_matter_minutes])).toEqual([
        ['word', 60],
        ['chrome', 0],
      ])
      expect(
        (await core.dispatch('matters.coverage', { from: '2024-02-30', to: '2024-03-01', time_zone: 'UTC' })).ok,
      ).toBe(false)
    } finally {
      await core.close()
    }
  })
})
