import { afterEach, describe, expect, it } from 'vitest'
import { IMPORT_CHUNK_CHARS } from '../../shared/contract/imports'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { listSignals } from '../store/signals'

let core: Core | null = null
afterEach(async () => {
  await core?.close()
  core = null
})

describe('imports.* over the dispatcher', () => {
  it('joins bounded chunks in order and imports them like cli import', async () => {
    core = createCore({ dbPath: ':memory:', logger: silentLogger })
    const text = JSON.stringify({
      activity_signals: [
        { timestamp: '2024-01-24T09:00:00Z', app: 'Code', type: 'app_focus', source_type: 'window', title: 'naïve — ✓' },
        { timestamp: '2024-01-24T09:00:05Z', app: 'vscode', type: 'stylus' },
        { app: 'vscode' },
      ],
    })
    const begun = await core.dispatch('imports.begin', { format: 'auto', total_chars: text.length })
    expect(begun).toMatchObject({ ok: true, value: { chunk_chars: IMPORT_CHUNK_CHARS } })
    const id = (begun as { value: { import_id: string } }).value.import_id
    expect(await core.dispatch('imports.chunk', { import_id: id, offset: 0, text: 'x'.repeat(IMPORT_CHUNK_CHARS + 1) })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await core.dispatch('imports.chunk', { import_id: id, offset: 0, text: text.slice(0, 40) })).toEqual({ ok: true, value: { received_chars: 40 } })
    expect(await core.dispatch('imports.chunk', { import_id: id, offset: 7, text: text.slice(40) })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(await core.dispatch('imports.finish', { import_id: id })).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(await core.dispatch('imports.chunk', { import_id: id, offset: 40, text: text.slice(40) + 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await core.dispatch('imports.chunk', { import_id: id, offset: 40, text: text.slice(40) })).toMatchObject({ ok: true })
    const finished = await core.dispatch('imports.finish', { import_id: id })
    expect(finished).toMatchObject({ ok: true, value: { format: 'seed', imported: 2, skipped_total: 1, skipped: [{ index: 2, reason: 'timestamp: missing' }], unknown_types: { stylus: 1 } } })
    expect(listSignals(core.db).map((s) => [s.app, s.type, s.title])).toEqual([
      ['vscode', 'app_focus', 'naïve — ✓'],
      ['vscode', 'keyboard', null],
    ])
    // finished: the id is gone
    expect(await core.dispatch('imports.finish', { import_id: id })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('reports input that is neither format as invalid, and cancels', async () => {
    core = createCore({ dbPath: ':memory:', logger: silentLogger })
    const begin = async (text: string) => {
      const r = (await core!.dispatch('imports.begin', { format: 'auto', total_chars: text.length })) as { value: { import_id: string } }
      await core!.dispatch('imports.chunk', { import_id: r.value.import_id, offset: 0, text })
      return r.value.import_id
    }
    const bad = await begin('{"rows": []}')
    expect(await core.dispatch('imports.finish', { import_id: bad })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('nor an ActivityWatch export') } })
    const dropped = await begin('{')
    expect(await core.dispatch('imports.cancel', { import_id: dropped })).toEqual({ ok: true, value: { cancelled: true } })
    expect(await core.dispatch('imports.begin', { format: 'seed', total_chars: 64 * 1024 * 1024 + 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})
