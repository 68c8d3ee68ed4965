import { afterEach, describe, expect, it, vi } from 'vitest'
import { IMPORT_CHUNK_CHARS } from '../../shared/contract/import'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { listSignals } from '../../../test/support/signalRows'
import { importText } from '../import/importSignals'
import { SLICED_READ_CHARS } from '../import/importSlicedText'

let core: Core | null = null
afterEach(async () => {
  await core?.close()
  core = null
})

describe('import.* over the dispatcher', () => {
  it('joins bounded chunks in order and imports them like cli import', async () => {
    core = createCore({ dbPath: ':memory:', logger: silentLogger })
    const text = JSON.stringify({
      activity_signals: [
        {
          timestamp: '2024-01-24T09:00:00Z',
          app: 'Code',
          type: 'app_focus',
          source_type: 'window',
          title: 'naïve — ✓',
        },
        { timestamp: '2024-01-24T09:00:05Z', app: 'vscode', type: 'stylus' },
        { app: 'vscode' },
      ],
    })
    const begun = await core.dispatch('import.begin', { format: 'auto', total_chars: text.length })
    expect(begun).toMatchObject({ ok: true, value: { chunk_chars: IMPORT_CHUNK_CHARS } })
    const id = (begun as { value: { import_id: string } }).value.import_id
    expect(
      await core.dispatch('import.chunk', { import_id: id, offset: 0, text: 'x'.repeat(IMPORT_CHUNK_CHARS + 1) }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await core.dispatch('import.chunk', { import_id: id, offset: 0, text: text.slice(0, 40) })).toEqual({
      ok: true,
      value: { received_chars: 40 },
    })
    expect(await core.dispatch('import.chunk', { import_id: id, offset: 7, text: text.slice(40) })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    expect(await core.dispatch('import.finish', { import_id: id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    expect(
      await core.dispatch('import.chunk', { import_id: id, offset: 40, text: text.slice(40) + 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await core.dispatch('import.chunk', { import_id: id, offset: 40, text: text.slice(40) })).toMatchObject({
      ok: true,
    })
    const finished = await core.dispatch('import.finish', { import_id: id })
    expect(finished).toMatchObject({
      ok: true,
      value: {
        format: 'seed',
        imported: 2,
        skipped_total: 1,
        skipped: [{ index: 2, reason: 'timestamp: missing' }],
        unknown_types: { stylus: 1 },
      },
    })
    expect(listSignals(core.db).map((s) => [s.app, s.type, s.title])).toEqual([
      ['vscode', 'app_focus', 'naïve — ✓'],
      ['vscode', 'keyboard', null],
    ])
    // finished: the id is gone
    expect(await core.dispatch('import.finish', { import_id: id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })

  it('reports input that is neither format as invalid, and cancels', async () => {
    core = createCore({ dbPath: ':memory:', logger: silentLogger })
    const begin = async (text: string) => {
      const r = (await core!.dispatch('import.begin', { format: 'auto', total_chars: text.length })) as {
        value: { import_id: string }
      }
      await core!.dispatch('import.chunk', { import_id: r.value.import_id, offset: 0, text })
      return r.value.import_id
    }
    const bad = await begin('{"rows": []}')
    expect(await core.dispatch('import.finish', { import_id: bad })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('nor an ActivityWatch export') },
    })
    const dropped = await begin('{')
    expect(await core.dispatch('import.cancel', { import_id: dropped })).toEqual({
      ok: true,
      value: { cancelled: true },
    })
    expect(await core.dispatch('import.begin', { format: 'seed', total_chars: 64 * 1024 * 1024 + 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
  })
})

describe('a big Settings → Import keeps the main process turning (#26)', () => {
  const T0 = Date.parse('2024-01-24T09:00:00Z')
  /** A week of our own export: titles with accents, CJK and emoji (surrogate pairs at every slice edge sooner or later). */
  const request = (count: number, type = 'keyboard') =>
    JSON.stringify({
      activity_signals: Array.from({ length: count }, (_, i) => ({
        timestamp: new Date(T0 + i * 5000).toISOString().replace('.000Z', 'Z'),
        app: ['vscode', 'firefox', 'slack'][i % 3],
        type: i % 4 === 0 ? 'app_focus' : i % 4 === 1 ? type : 'mouse_click',
        source_type: i % 4 === 0 ? 'window' : i % 4 === 1 ? 'keyboard' : 'mouse',
        count: (i % 7) + 1,
        ...(i % 4 === 0 ? { title: `brief ${i} — café 東京 🙂` } : {}),
      })),
    })

  async function importThroughApp(text: string) {
    core = createCore({ dbPath: ':memory:', logger: silentLogger })
    const begun = (await core.dispatch('import.begin', { format: 'auto', total_chars: text.length })) as {
      value: { import_id: string }
    }
    const id = begun.value.import_id
    for (let offset = 0; offset < text.length; offset += IMPORT_CHUNK_CHARS) {
      expect(
        await core.dispatch('import.chunk', {
          import_id: id,
          offset,
          text: text.slice(offset, offset + IMPORT_CHUNK_CHARS),
        }),
      ).toMatchObject({ ok: true })
    }
    const parse = vi.spyOn(JSON, 'parse')
    let ticks = 0
    const ticker = setInterval(() => ticks++, 1)
    try {
      const finished = await core.dispatch('import.finish', { import_id: id })
      const parsedWhole = parse.mock.calls.some(([arg]) => arg === text)
      return { finished, ticks, parsedWhole, signals: listSignals(core.db) }
    } finally {
      clearInterval(ticker)
      parse.mockRestore()
    }
  }

  /** What JSON.parse + the liberal reading give for the same text (the CLI's path up to 64 MB). */
  function viaJsonParse(text: string) {
    const reference = createCore({ dbPath: ':memory:', logger: silentLogger })
    try {
      const report = importText(reference.db, text, 'auto', { settings: reference.settings.get(), nowMs: Date.now() })
      return { report, signals: listSignals(reference.db) }
    } finally {
      void reference.close()
    }
  }

  it('reads a seed request over the sliced-read size without one JSON.parse of it, with the same report and signals as JSON.parse gives', async () => {
    const text = request(45_000)
    expect(text.length).toBeGreaterThan(SLICED_READ_CHARS)
    const expected = viaJsonParse(text)
    const got = await importThroughApp(text)
    expect(got.parsedWhole).toBe(false)
    expect(got.ticks).toBeGreaterThan(0)
    expect(got.finished).toEqual({
      ok: true,
      value: expect.objectContaining({
        format: 'seed',
        imported: expected.report.imported,
        skipped_total: 0,
        first_at: expected.report.first_at,
        last_at: expected.report.last_at,
      }),
    })
    expect(got.signals).toEqual(expected.signals)
    expect(got.signals.some((s) => s.title === 'brief 0 — café 東京 🙂')).toBe(true)
  })

  it("reads what the byte reader does not take as written (other tools' names) by JSON.parse in the worker, not here: aliased_types as before", async () => {
    const text = request(45_000, 'keypress')
    const expected = viaJsonParse(text)
    expect(Object.keys(expected.report.aliased_types).length).toBeGreaterThan(0)
    const got = await importThroughApp(text)
    expect(got.parsedWhole).toBe(false)
    expect(got.finished).toEqual({
      ok: true,
      value: expect.objectContaining({
        imported: expected.report.imported,
        aliased_types: expected.report.aliased_types,
        unknown_types: expected.report.unknown_types,
      }),
    })
    expect(got.signals).toEqual(expected.signals)
  })
})
