// `billops import` reads and judges in the import worker (#26, #28): Ctrl-C is seen at once while
// the worker parses or while stdin is still open (exit 130, nothing written), and an
// ActivityWatch export streams, from stdin in any chunking as from the file, whatever its size.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../store/database'
import { listSignals } from '../../../../test/support/signalRows'
import { recordingIo } from '../../../../test/support/cliRun'
import type { CliIo } from '../command'
import { createImportCommand, DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import'
import { recordingImportWorkers } from '../../../../test/support/importWorkers'
import { randomChunks } from '../../../../test/support/randomChunks'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billops-import-worker-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const NOW = ['--now', '2024-03-13T00:00:00Z']
const fixture = (name: string) => join(__dirname, '../../../../test/fixtures', name)

const rowsOf = (file: string) => {
  const db = openDatabase(file)
  try {
    return listSignals(db)
  } finally {
    closeDatabase(db)
  }
}

/** A seed request of `count` signals, some with other tools' names (read as general JSON). */
function seedFile(count: number): string {
  const file = join(dir, 'seed.json')
  const signals = Array.from({ length: count }, (_, i) => ({
    timestamp: new Date(Date.parse('2024-03-04T09:00:00Z') + i * 2000).toISOString(),
    app: ['Code', 'firefox'][i % 2],
    type: i % 5 === 0 ? 'keypress' : 'keyboard',
    source_type: 'keyboard',
  }))
  writeFileSync(file, JSON.stringify({ activity_signals: signals }))
  return file
}

/** The real worker; Ctrl-C is pressed the moment the whole input has been handed to it (it is parsing). */
function interruptWhileParsing() {
  let press = () => {}
  const interrupted = new Promise<void>((resolve) => (press = resolve))
  const recorded = recordingImportWorkers((message) => {
    if (message.kind === 'end') press()
  })
  return { interrupted, factory: recorded.factory, seen: recorded.events }
}

describe('Ctrl-C during a CLI import up to the JSON limit (#26)', () => {
  for (const [format, input] of [
    ['seed', () => seedFile(20_000)],
    ['activitywatch', () => fixture('activitywatch-day.json')],
  ] as const) {
    it(`${format}: pressed while the worker parses the file, exit 130 at once, nothing written`, async () => {
      const file = input()
      const db = join(dir, 'db.sqlite')
      const recorded = recordingIo()
      const ctrlC = interruptWhileParsing()
      const code = await createImportCommand().run(['--db', db, '--input', file, '--format', format, ...NOW], {
        ...recorded.io,
        interrupted: ctrlC.interrupted,
        importWorkerFactory: ctrlC.factory,
      })
      expect(code).toBe(130)
      expect(recorded.out()).toBe('')
      expect(recorded.err()).toContain('import: interrupted while reading the input; nothing was written')
      // stopped before it answered: the worker was terminated, not waited for
      expect(ctrlC.seen[0]).toBe('terminated')
      expect(rowsOf(db)).toEqual([])
    }, 60_000)

    it(`${format}: pressed while stdin is still open, exit 130 without waiting for the rest`, async () => {
      const text = readFileSync(input())
      const db = join(dir, 'db.sqlite')
      let press = () => {}
      const interrupted = new Promise<void>((resolve) => (press = resolve))
      async function* stdinThatStalls() {
        yield text.subarray(0, 1000)
        press()
        await new Promise(() => {}) // the writer at the other end of the pipe never finishes
      }
      const recorded = recordingIo()
      const io: CliIo = { ...recorded.io, interrupted, stdin: () => Readable.from(stdinThatStalls()) }
      expect(await createImportCommand().run(['--db', db, '--input', '-', '--format', format, ...NOW], io)).toBe(130)
      expect(recorded.err()).toContain('nothing was written')
      expect(rowsOf(db)).toEqual([])
    }, 60_000)
  }
})

describe('ActivityWatch through the CLI streams (#28)', () => {
  async function runImport(args: string[], options: { stdin?: Buffer[]; limits?: ImportLimits } = {}) {
    const recorded = recordingIo(options.stdin ?? [])
    const db = join(dir, `db-${Math.random().toString(36).slice(2)}.sqlite`)
    const code = await createImportCommand(options.limits ?? DEFAULT_IMPORT_LIMITS).run(
      ['--db', db, ...args, '--format', 'activitywatch', ...NOW],
      recorded.io,
    )
    const report = JSON.parse(recorded.out()) as Record<string, unknown>
    return { code, report, rows: rowsOf(db), stderr: recorded.err() }
  }

  for (const name of ['activitywatch-day.json', 'activitywatch-android.json']) {
    it(`${name} from stdin in random chunk sizes equals ${name} from the file`, async () => {
      const fromFile = await runImport(['--input', fixture(name)])
      expect(fromFile.code).toBe(0)
      expect(fromFile.report).toMatchObject({ format: 'activitywatch', skipped_total: 0 })
      expect(fromFile.rows.length).toBeGreaterThan(50)
      const bytes = readFileSync(fixture(name))
      for (let seed = 1; seed <= 3; seed++) {
        // cut anywhere: inside tokens, inside the multibyte characters of the titles
        const chunks = randomChunks(bytes, seed, [13, 400, 5000][seed - 1] as number)
        const fromStdin = await runImport(['--input', '-'], { stdin: chunks })
        expect(fromStdin.report).toEqual(fromFile.report)
        expect(fromStdin.rows).toEqual(fromFile.rows)
      }
    }, 60_000)
  }

  it('an export over the JSON limit is read as it streams, as a small one is', async () => {
    const whole = await runImport(['--input', fixture('activitywatch-day.json')])
    const streamedPastLimit = await runImport(['--input', fixture('activitywatch-day.json')], {
      limits: { jsonLimitBytes: 1024, maxBytes: 1024 * 1024, readChunkBytes: 512 },
    })
    expect(streamedPastLimit.code).toBe(0)
    expect(streamedPastLimit.report).toEqual(whole.report)
    expect(streamedPastLimit.rows).toEqual(whole.rows)
  }, 60_000)
})
