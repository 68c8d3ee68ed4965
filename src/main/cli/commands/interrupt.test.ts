// Ctrl-C and progress for long commands (#18): an interrupted import or process stops at a safe
// point with exit 130 and says what was done, and running it again finishes the work exactly as
// one uninterrupted run would; progress goes to stderr only, so stdout is the same with or
// without it. Deterministic: the interrupt is raised by the first progress line, and a clock
// that moves 10 s on every reading makes every update print one.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Clock } from '../../base/clock'
import { closeDatabase, openDatabase } from '../../store/database'
import { listEntries } from '../../store/entries'
import { upsertSignals, type SignalRecord } from '../../store/signals'
import { listSignals } from '../../../../test/support/signalRows'
import type { CliIo } from '../command'
import { runCli } from '../runCli'
import { createImportCommand, DEFAULT_IMPORT_LIMITS } from './import'
import { recordingIo } from '../../../../test/support/cliRun'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billops-interrupt-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const T0 = Date.parse('2024-01-24T09:00:00Z')
const ticking = (): Clock => {
  let t = 0
  return { now: () => Date.now(), monotonic: () => (t += 10_000) }
}

/** Recorded io with progress as a pipe shows it; `interruptOn` raises Ctrl-C at the first stderr line matching it. */
function progressIo(options: { interruptOn?: RegExp; tty?: boolean; quiet?: boolean } = {}) {
  const recorded = recordingIo()
  let interrupt = () => {}
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve))
  const io: CliIo = {
    ...recorded.io,
    interrupted,
    clock: ticking(),
    stderrIsTTY: options.tty === true,
    quiet: options.quiet === true,
    stderr: (text) => {
      recorded.io.stderr(text)
      if (options.interruptOn?.test(text)) interrupt()
    },
  }
  return { io, out: recorded.out, err: recorded.err }
}

function writeRequest(count: number): string {
  const signals = Array.from({ length: count }, (_, i) => ({
    timestamp: new Date(T0 + i * 2000).toISOString().replace('.000Z', 'Z'),
    app: i % 300 < 150 ? 'word' : 'outlook',
    type: 'keyboard',
    source_type: 'keyboard',
  }))
  const file = join(dir, 'request.json')
  writeFileSync(file, JSON.stringify({ activity_signals: signals }))
  return file
}

const signalCounts = (file: string) => {
  const db = openDatabase(file)
  try {
    const rows = listSignals(db)
    return { rows: rows.length, events: rows.reduce((sum, row) => sum + row.count, 0) }
  } finally {
    closeDatabase(db)
  }
}

describe('Ctrl-C during import', () => {
  it('stops between two chunks with exit 130; the same import again resumes there and never doubles a count', async () => {
    const request = writeRequest(1000)
    const db = join(dir, 'db.sqlite')
    const command = createImportCommand({ ...DEFAULT_IMPORT_LIMITS, chunkRows: 300 })
    const args = ['--db', db, '--input', request]

    const first = progressIo({ interruptOn: /import: writing.*300\/1,000/ })
    expect(await command.run(args, first.io)).toBe(130)
    expect(JSON.parse(first.out())).toMatchObject({ imported: 300, resumed_from: 0, interrupted: true })
    expect(first.err()).toContain(
      'import: interrupted after 300 signal(s) written; run the same import again to continue',
    )
    expect(signalCounts(db)).toEqual({ rows: 300, events: 300 })

    const second = progressIo()
    expect(await command.run(args, second.io)).toBe(0)
    expect(JSON.parse(second.out())).toMatchObject({ imported: 700, resumed_from: 300, interrupted: false })
    expect(signalCounts(db)).toEqual({ rows: 1000, events: 1000 })

    const again = progressIo()
    expect(await command.run(args, again.io)).toBe(0)
    expect(JSON.parse(again.out())).toMatchObject({ imported: 0, resumed_from: 1000 })
    expect(again.err()).toContain('1000 signal(s) were written by an earlier run of this input')
    expect(signalCounts(db)).toEqual({ rows: 1000, events: 1000 })
  })

  it('says so when the input now yields other signals than the interrupted run saw (counts may add twice)', async () => {
    const request = writeRequest(1000)
    const db = join(dir, 'db.sqlite')
    const command = createImportCommand({ ...DEFAULT_IMPORT_LIMITS, chunkRows: 300 })
    const first = progressIo({ interruptOn: /import: writing.*300\/1,000/ })
    expect(await command.run(['--db', db, '--input', request, '--now', '2024-02-01T00:00:00Z'], first.io)).toBe(130)
    // judged against an earlier "now", the signals of the last ~17 min are in the future: 500 remain
    const again = progressIo()
    expect(await command.run(['--db', db, '--input', request, '--now', '2024-01-24T09:11:38Z'], again.io)).toBe(0)
    expect(JSON.parse(again.out())).toMatchObject({ imported: 500, resumed_from: 0 })
    expect(again.err()).toContain(
      'an earlier run of this input stopped after 300 of 1000 signals, but it now yields 500',
    )
  })
})

describe('Ctrl-C while a file over the JSON limit is read (#26)', () => {
  // Small limits: the 1,000-signal file is over the JSON limit and read in 4 KB reads.
  const limits = { jsonLimitBytes: 1024, maxBytes: 1024 * 1024, readChunkBytes: 4096 }

  it('stops between two reads with exit 130: the rest of the file is not read and nothing is written', async () => {
    const request = writeRequest(1000)
    const db = join(dir, 'db.sqlite')
    const stopped = progressIo({ interruptOn: /^import: reading/ })
    expect(await createImportCommand(limits).run(['--db', db, '--input', request], stopped.io)).toBe(130)
    expect(stopped.out()).toBe('')
    expect(stopped.err()).toContain('import: interrupted while reading the input; nothing was written')
    // one read was reported, then the reading stopped: the progress never got past the first 4 KB
    expect(stopped.err().match(/^import: reading.*$/gmu)).toEqual([
      expect.stringMatching(/^import: reading {2}4,096\/[\d,]+ bytes/u),
    ])
    expect(signalCounts(db)).toEqual({ rows: 0, events: 0 })

    // uninterrupted, the same file gives the report of the JSON path, and every signal
    const straight = progressIo()
    expect(await createImportCommand(limits).run(['--db', db, '--input', request], straight.io)).toBe(0)
    const viaJson = progressIo()
    const jsonDb = join(dir, 'json.sqlite')
    expect(await createImportCommand(DEFAULT_IMPORT_LIMITS).run(['--db', jsonDb, '--input', request], viaJson.io)).toBe(
      0,
    )
    expect(straight.out()).toBe(viaJson.out())
    expect(JSON.parse(straight.out())).toMatchObject({ imported: 1000, skipped_total: 0 })
    expect(signalCounts(db)).toEqual(signalCounts(jsonDb))
  })
})

describe('Ctrl-C during process', () => {
  const seed = (file: string) => {
    const db = openDatabase(file)
    const signals: SignalRecord[] = []
    // 50,000 signals: three rounds of the heuristics (20,000 each)
    for (let i = 0; i < 50_000; i++)
      signals.push({
        ts: T0 / 1000 + i * 3,
        app: i % 4000 < 2000 ? 'word' : 'outlook',
        type: 'keyboard',
        count: 1,
        title: null,
      })
    upsertSignals(db, signals)
    closeDatabase(db)
  }
  const entries = (file: string) => {
    const db = openDatabase(file)
    try {
      return listEntries(db).map((e) => [e.started_at, e.ended_at, e.activity_type, e.duration_minutes])
    } finally {
      closeDatabase(db)
    }
  }

  it('stops between rounds with exit 130, keeps what was stored, and the next run ends where one run would', async () => {
    const interruptedDb = join(dir, 'interrupted.sqlite')
    const straightDb = join(dir, 'straight.sqlite')
    seed(interruptedDb)
    copyFileSync(interruptedDb, straightDb)

    const first = progressIo({ interruptOn: /^process  / })
    expect(await runCli(['process', '--db', interruptedDb], first.io)).toBe(130)
    const stopped = JSON.parse(first.out()) as { processed_signals: number }
    expect(stopped.processed_signals).toBeGreaterThan(0)
    expect(stopped.processed_signals).toBeLessThan(50_000)
    expect(first.err()).toMatch(
      /process: interrupted after \d+ signal\(s\); the entries so far are stored, run process again to continue/,
    )

    const rest = progressIo()
    expect(await runCli(['process', '--db', interruptedDb], rest.io)).toBe(0)
    expect(JSON.parse(rest.out())).toMatchObject({ processed_signals: 50_000 - stopped.processed_signals })

    expect(await runCli(['process', '--db', straightDb], progressIo().io)).toBe(0)
    expect(entries(interruptedDb)).toEqual(entries(straightDb))
    expect(entries(straightDb).length).toBeGreaterThan(10)
  })
})

describe('progress never changes stdout', () => {
  it('import, process, export and report print the same bytes with progress drawn on a terminal and with --quiet', async () => {
    const request = writeRequest(3000)
    const outputs = { progress: [] as string[], quiet: [] as string[] }
    let stderrWithProgress = ''
    for (const mode of ['progress', 'quiet'] as const) {
      const db = join(dir, `${mode}.sqlite`)
      for (const args of [
        ['import', '--db', db, '--input', request, '--now', '2024-02-01T00:00:00Z'],
        ['process', '--db', db],
        ['export', '--db', db, '--what', 'signals', '--format', 'csv'],
        ['report', '--db', db, '--from', '2024-01-24', '--to', '2024-01-25', '--format', 'csv', '--tz', 'UTC'],
      ]) {
        const run = progressIo({ tty: true })
        expect(await runCli(mode === 'quiet' ? [...args, '--quiet'] : args, run.io)).toBe(0)
        outputs[mode].push(run.out())
        if (mode === 'progress') stderrWithProgress += run.err()
        else expect(run.err()).not.toContain('\r')
      }
    }
    expect(outputs.progress).toEqual(outputs.quiet)
    // not vacuous: the progress run did draw (a bar for the import, a counter for the export)
    expect(stderrWithProgress).toContain('\r\x1b[2Kimport: writing  [')
    expect(stderrWithProgress).toContain('\r\x1b[2Kexport  ')
    expect(stderrWithProgress).toContain('\r\x1b[2Kreport: summing days  [')
    expect(outputs.quiet[3]?.split('\n').length).toBeGreaterThan(2)
  })
})
