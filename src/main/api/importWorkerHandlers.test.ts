// Settings → Import off the main thread (#26): the text is read and judged in the import worker,
// so the main process (which also runs capture) never parses it; the answer equals what the old
// in-process path (JSON.parse + the liberal reading) gave; cancel terminates the worker; a worker
// that dies or a bad file gives a clear error and writes nothing.
import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IMPORT_CHUNK_CHARS } from '../../shared/contract/import'
import { createCore, type Core } from '../app/createCore'
import { silentLogger } from '../base/logger'
import { listSignals } from '../../../test/support/signalRows'
import { importText } from '../import/importSignals'
import { recordingImportWorkers } from '../../../test/support/importWorkers'
import { type WorkerFactory, type WorkerThread } from '../base/workerThread'

let core: Core | null = null
afterEach(async () => {
  await core?.close()
  core = null
})

const NOW = Date.parse('2024-03-13T00:00:00Z')
const clock = { now: () => NOW, monotonic: () => performance.now() }
const T0 = Date.parse('2024-03-04T08:00:00Z')
const awTime = (ms: number) => new Date(ms).toISOString().replace('Z', '000+00:00')

/** A fortnight of aw-server export: window events every 20 s with long titles, afk breaks. */
function bigExport(windows: number): string {
  const window = Array.from({ length: windows }, (_, i) => ({
    id: windows - i,
    timestamp: awTime(T0 + (windows - 1 - i) * 20_000),
    duration: 19.5,
    data: {
      app: ['Code', 'firefox', 'Slack', 'zoom.us'][i % 4],
      title: `ticket ${i % 5000} — naïve café 東京 🙂 — ${'w'.repeat(i % 200)}`,
    },
  }))
  const afk = Array.from({ length: Math.ceil(windows / 90) }, (_, i) => ({
    id: i,
    timestamp: awTime(T0 + i * 1_800_000),
    duration: i % 2 ? 300 : 1500,
    data: { status: i % 2 ? 'afk' : 'not-afk' },
  }))
  return JSON.stringify({
    buckets: {
      'aw-watcher-window_desk': {
        id: 'aw-watcher-window_desk',
        created: awTime(T0),
        name: null,
        type: 'currentwindow',
        client: 'aw-watcher-window',
        hostname: 'desk',
        data: {},
        events: window,
      },
      'aw-watcher-afk_desk': {
        id: 'aw-watcher-afk_desk',
        created: awTime(T0),
        name: null,
        type: 'afkstatus',
        client: 'aw-watcher-afk',
        hostname: 'desk',
        data: {},
        events: afk,
      },
      'aw-watcher-web-firefox_desk': {
        id: 'aw-watcher-web-firefox_desk',
        type: 'web.tab.current',
        hostname: 'desk',
        events: [{ timestamp: awTime(T0), duration: 4, data: { url: 'https://example.com' } }],
      },
    },
  })
}

/** A seed request as other tools write one: aliases, unknown names, titles far over the limit, bad signals. */
function awkwardSeed(count: number): string {
  return JSON.stringify({
    activity_signals: Array.from({ length: count }, (_, i) => {
      const timestamp = new Date(T0 + i * 3000).toISOString()
      switch (i % 10) {
        case 0:
          return {
            timestamp,
            app: 'Code',
            type: 'window_focus',
            source_type: 'window',
            title: `spec ${i} ${'t'.repeat(3000)} 🙂`,
          }
        case 1:
          return { timestamp, app: 'firefox', type: 'keypress', source_type: 'keyboard', count: 3 }
        case 2:
          return { timestamp, app: 'Slack', type: 'stylus', source_type: 'pen' }
        case 3:
          return { timestamp: 'soon', app: 'Slack', type: 'keyboard' }
        case 4:
          return { timestamp, type: 'keyboard' }
        case 5:
          return { timestamp: new Date(NOW + 86_400_000).toISOString(), app: 'Code', type: 'keyboard' }
        default:
          return { timestamp, app: 'vscode', type: 'mouse_click', source_type: 'mouse', count: i % 4 }
      }
    }),
  })
}

/** The old in-process path: JSON.parse + the liberal reading, on this thread. */
function viaJsonParse(text: string) {
  const reference = createCore({ dbPath: ':memory:', logger: silentLogger, clock })
  try {
    const report = importText(reference.db, text, 'auto', { settings: reference.settings.get(), nowMs: NOW })
    return { report, signals: listSignals(reference.db) }
  } finally {
    void reference.close()
  }
}

async function begin(c: Core, text: string): Promise<string> {
  const begun = (await c.dispatch('import.begin', { format: 'auto', total_chars: text.length })) as {
    value: { import_id: string }
  }
  const id = begun.value.import_id
  for (let offset = 0; offset < text.length; offset += IMPORT_CHUNK_CHARS) {
    expect(
      await c.dispatch('import.chunk', {
        import_id: id,
        offset,
        text: text.slice(offset, offset + IMPORT_CHUNK_CHARS),
      }),
    ).toMatchObject({ ok: true })
  }
  return id
}

/**
 * Through the app's handlers, watching what this thread parses. (Not the event loop's gaps: on a
 * shared 2-core machine they measure the scheduler; the JSON.parse of the whole text was the one
 * long step, and it must not happen here at all.)
 */
async function importThroughApp(text: string) {
  core = createCore({ dbPath: ':memory:', logger: silentLogger, clock })
  const parse = vi.spyOn(JSON, 'parse')
  try {
    const finished = await core.dispatch('import.finish', { import_id: await begin(core, text) })
    const biggestParse = Math.max(0, ...parse.mock.calls.map(([arg]) => (typeof arg === 'string' ? arg.length : 0)))
    return { finished, biggestParse, signals: listSignals(core.db) }
  } finally {
    parse.mockRestore()
  }
}

const summaryOf = (report: ReturnType<typeof viaJsonParse>['report']) => {
  const { format, imported, skipped, skipped_total, unknown_types, aliased_types, excluded, first_at, last_at } = report
  return { format, imported, skipped, skipped_total, unknown_types, aliased_types, excluded, first_at, last_at }
}

describe('Settings → Import is read and judged in the import worker (#26)', () => {
  it('a large ActivityWatch export: never parsed on this thread, the same report and rows as the old path', async () => {
    const text = bigExport(60_000)
    expect(text.length).toBeGreaterThan(10 * 1024 * 1024)
    const expected = viaJsonParse(text)
    expect(expected.report.activitywatch?.events_read).toBeGreaterThan(60_000)
    const got = await importThroughApp(text)
    // the main thread parsed nothing bigger than a message (the old path: JSON.parse of the whole text)
    expect(got.biggestParse).toBeLessThan(IMPORT_CHUNK_CHARS)
    expect(got.finished).toEqual({ ok: true, value: summaryOf(expected.report) })
    expect(got.signals).toEqual(expected.signals)
  }, 120_000)

  it('a large seed text other tools wrote (aliases, long titles, bad signals): never parsed on this thread, the same report and rows', async () => {
    const text = awkwardSeed(12_000)
    expect(text.length).toBeGreaterThan(3_000_000)
    const expected = viaJsonParse(text)
    expect(expected.report.skipped_total).toBeGreaterThan(3000)
    expect(Object.keys(expected.report.aliased_types)).toEqual(expect.arrayContaining(['window_focus', 'keypress']))
    const got = await importThroughApp(text)
    expect(got.biggestParse).toBeLessThan(IMPORT_CHUNK_CHARS)
    expect(got.finished).toEqual({ ok: true, value: summaryOf(expected.report) })
    expect(got.signals).toEqual(expected.signals)
  }, 120_000)
})

describe('Settings → Import: cancel, a dead worker, a bad file (#26)', () => {
  it('import.cancel terminates the worker, while chunks arrive or while it reads; nothing is written', async () => {
    const recorded = recordingImportWorkers()
    core = createCore({ dbPath: ':memory:', logger: silentLogger, clock, importWorkerFactory: recorded.factory })
    const text = bigExport(20_000)
    const early = await begin(core, text.slice(0, IMPORT_CHUNK_CHARS * 2))
    expect(await core.dispatch('import.cancel', { import_id: early })).toEqual({ ok: true, value: { cancelled: true } })
    expect(recorded.events).toEqual(['terminated'])

    const reading = await begin(core, text)
    const finishing = core.dispatch('import.finish', { import_id: reading })
    expect(await core.dispatch('import.cancel', { import_id: reading })).toEqual({
      ok: true,
      value: { cancelled: true },
    })
    expect(await finishing).toEqual({
      ok: false,
      error: { code: 'conflict', message: `import ${reading} was cancelled; nothing was written` },
    })
    expect(recorded.events).toEqual(['terminated', 'terminated'])
    expect(listSignals(core.db)).toEqual([])
  }, 60_000)

  it('a worker that dies gives a clear error and writes nothing', async () => {
    const dying: WorkerFactory = () => {
      const emitter = new EventEmitter()
      return {
        postMessage: (message: unknown) => {
          if ((message as { kind: string }).kind === 'end') setImmediate(() => emitter.emit('exit', 134))
        },
        on: (event: string, listener: (value: unknown) => void) => emitter.on(event, listener),
        terminate: async () => 0,
      } as WorkerThread
    }
    core = createCore({ dbPath: ':memory:', logger: silentLogger, clock, importWorkerFactory: dying })
    const finished = await core.dispatch('import.finish', { import_id: await begin(core, bigExport(10)) })
    expect(finished).toEqual({
      ok: false,
      error: {
        code: 'internal',
        message: 'the import worker stopped (exit code 134) before it finished; nothing was written',
      },
    })
    expect(listSignals(core.db)).toEqual([])
  })

  it('a cut-off export is refused as not JSON, and nothing is written', async () => {
    core = createCore({ dbPath: ':memory:', logger: silentLogger, clock })
    const text = bigExport(2000)
    const finished = await core.dispatch('import.finish', {
      import_id: await begin(core, text.slice(0, text.length - 100)),
    })
    expect(finished).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/^input is not JSON: /u) },
    })
    expect(listSignals(core.db)).toEqual([])
  })
})
