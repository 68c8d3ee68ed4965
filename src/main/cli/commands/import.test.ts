import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase } from '../../store/database'
import { listSignals } from '../../../../test/support/signalRows'
import { runCli } from '../runCli'
import { createImportCommand, type ImportLimits } from './import'
import { recordingIo } from '../../../../test/support/cliRun'

let dir: string
let db: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'billops-import-'))
  db = join(dir, 'db.sqlite')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const io = (stdin: (Buffer | string)[] = []) => recordingIo(stdin)

async function run(args: string[], options: { stdin?: (Buffer | string)[]; limits?: ImportLimits } = {}) {
  const streams = io(options.stdin)
  const code = options.limits
    ? await createImportCommand(options.limits).run(args, streams.io)
    : await runCli(['import', ...args], streams.io)
  return {
    code,
    stdout: streams.out(),
    stderr: streams.err(),
    report: streams.out() ? (JSON.parse(streams.out()) as Record<string, unknown>) : null,
  }
}

const storedSignals = () => {
  const handle = openDatabase(db)
  try {
    return listSignals(handle)
  } finally {
    closeDatabase(handle)
  }
}

// A week of history with one signal nobody can use and names from another tool.
const week = {
  activity_signals: [
    ...Array.from({ length: 50 }, (_, i) => ({
      timestamp: new Date(Date.parse('2024-01-22T09:00:00Z') + i * 60_000).toISOString().replace('.000', ''),
      app: 'vscode',
      type: 'keyboard',
      source_type: 'keyboard',
    })),
    { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'scroll', source_type: 'mouse' },
    { timestamp: '2024-01-24T09:00:05Z', app: 'vscode', type: 'stylus', source_type: 'pen' },
    { timestamp: '2024-01-24T09:00:10Z', type: 'keyboard', source_type: 'keyboard' },
  ],
}

describe('cli import', () => {
  it('imports what is valid, reports the rest on stdout, exits 0', async () => {
    const input = join(dir, 'week.json')
    writeFileSync(input, JSON.stringify(week))
    const result = await run(['--db', db, '--input', input, '--now', '2024-02-01T00:00:00Z'])
    expect(result.code).toBe(0)
    expect(result.report).toMatchObject({
      imported: 52,
      skipped: [{ index: 52, reason: 'app: missing' }],
      skipped_total: 1,
      unknown_types: { stylus: 1 },
      aliased_types: { scroll: 1 },
      rejected: false,
    })
    expect(result.stderr).toBe(
      `skipped 1 signal(s), first #52: app: missing\nimport: created a new database at ${db}\n`,
    )
    expect(storedSignals()).toHaveLength(52)
  })

  it('--strict keeps the all-or-nothing reading: nothing imported, exit 1', async () => {
    const input = join(dir, 'week.json')
    writeFileSync(input, JSON.stringify(week))
    const result = await run(['--db', db, '--input', input, '--strict', '--now', '2024-02-01T00:00:00Z'])
    expect(result.code).toBe(1)
    expect(result.report).toMatchObject({
      imported: 0,
      rejected: true,
      strict: true,
      skipped_total: 1,
      unknown_types: { stylus: 1 },
    })
    expect(result.stderr).toContain('strict: nothing imported')
    expect(storedSignals()).toEqual([])
  })

  it('exits 1 when nothing at all was usable', async () => {
    const result = await run(['--db', db, '--input', '-'], { stdin: ['{"activity_signals": [1, {"app": "x"}]}'] })
    expect(result.code).toBe(1)
    expect(result.report).toMatchObject({ imported: 0, skipped_total: 2 })
  })

  it('decodes stdin once, after all chunks: a multibyte character split across chunks stays whole', async () => {
    const title = 'Café — Übersicht 日本語 😀'
    const bytes = Buffer.from(
      JSON.stringify({
        activity_signals: [
          { timestamp: '2024-01-24T09:00:00Z', app: 'vscode', type: 'app_focus', source_type: 'window', title },
        ],
      }),
      'utf8',
    )
    // Cut inside the 4-byte emoji and inside the 3-byte CJK character.
    const emoji = bytes.indexOf(Buffer.from('😀', 'utf8'))
    const cjk = bytes.indexOf(Buffer.from('日', 'utf8'))
    const chunks = [bytes.subarray(0, cjk + 1), bytes.subarray(cjk + 1, emoji + 2), bytes.subarray(emoji + 2)]
    const result = await run(['--db', db, '--input', '-', '--now', '2024-02-01T00:00:00Z'], { stdin: chunks })
    expect(result.code).toBe(0)
    expect(storedSignals().map((s) => s.title)).toEqual([title])
  })

  it('reads input over the JSON limit with the streaming reader, and refuses input over any limit', async () => {
    const limits: ImportLimits = { jsonLimitBytes: 1024, maxBytes: 64 * 1024 }
    const big = {
      activity_signals: Array.from({ length: 100 }, (_, i) => ({
        timestamp: `2024-01-24T09:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
        app: 'Code',
        type: 'keyboard',
        source_type: 'keyboard',
      })),
    }
    big.activity_signals.push({ timestamp: 'later', app: 'vscode', type: 'keyboard', source_type: 'keyboard' })
    big.activity_signals.push({ timestamp: '2024-01-24T10:00:00Z', app: 'vscode', type: 'stylus', source_type: 'pen' })
    big.activity_signals.push({
      timestamp: '2024-01-24T10:00:01Z',
      app: 'vscode',
      type: 'scroll',
      source_type: 'mouse',
    })
    const text = JSON.stringify(big)
    expect(text.length).toBeGreaterThan(limits.jsonLimitBytes)
    const file = join(dir, 'big.json')
    writeFileSync(file, text)
    const fromFile = await run(['--db', db, '--input', file, '--now', '2024-02-01T00:00:00Z'], { limits })
    expect(fromFile.code).toBe(0)
    // the streaming reader maps names as normalizeSignalName does: nothing skipped for them
    expect(fromFile.report).toMatchObject({
      imported: 102,
      skipped_total: 1,
      skipped: [{ index: 100, reason: 'timestamp: not a UTC ISO-8601 time' }],
      unknown_types: { stylus: 1 },
    })
    expect(new Set(storedSignals().map((s) => s.app))).toEqual(new Set(['vscode']))

    const fromStdin = await run(['--db', db, '--input', '-', '--now', '2024-02-01T00:00:00Z'], {
      limits,
      stdin: [text.slice(0, 500), text.slice(500)],
    })
    expect(fromStdin.report).toMatchObject({ imported: 102, skipped_total: 1 })

    // Over the JSON limit and not a plain seed request: no path can read it.
    const odd = join(dir, 'odd.json')
    writeFileSync(
      odd,
      JSON.stringify({ activity_signals: big.activity_signals, activity_signals_again: 1, x: [[[[1]]]] }).replace(
        '"activity_signals_again"',
        '"activity_signals"',
      ),
    )
    const unreadable = await run(['--db', db, '--input', odd], { limits })
    expect(unreadable.code).toBe(1)
    expect(unreadable.stderr).toMatch(
      /^error: .*odd\.json is 0 MB, over the 0 MB read as general JSON, and not a plain seed request/u,
    )

    const huge = join(dir, 'huge.json')
    writeFileSync(
      huge,
      JSON.stringify({ activity_signals: Array.from({ length: 1000 }, () => big.activity_signals[0]) }),
    )
    const tooBig = await run(['--db', db, '--input', huge], { limits })
    expect(tooBig.code).toBe(1)
    expect(tooBig.stderr).toMatch(/huge\.json is 0\.1 MB, over the 0\.1 MB import limit; split it into smaller files/u)
    const hugeText = JSON.stringify({ activity_signals: Array.from({ length: 1000 }, () => big.activity_signals[0]) })
    const tooBigStdin = await run(['--db', db, '--input', '-'], {
      limits,
      stdin: [hugeText.slice(0, 40_000), hugeText.slice(40_000)],
    })
    expect(tooBigStdin.stderr).toBe(
      'error: stdin is over the 0.1 MB import limit; split the export into smaller files\n',
    )
    // Not a request at all, over the JSON limit: refused as soon as the reader sees it (the rest is not read).
    const garbage = await run(['--db', db, '--input', '-'], {
      limits,
      stdin: Array.from({ length: 100 }, () => 'x'.repeat(1024)),
    })
    expect(garbage.stderr).toBe(
      'error: stdin is over the 0 MB read as general JSON, and not a plain seed request the streaming reader takes ({"activity_signals": [...]} with our signal names): unexpected \'x\' at byte 0\n',
    )
    // An ActivityWatch export streams whatever its size (#28): over the JSON limit, this seed file is
    // read as one, and refused for its shape.
    const notAnExport = await run(['--db', db, '--input', file, '--format', 'activitywatch'], { limits })
    expect(notAnExport.stderr).toBe('error: input is not an ActivityWatch export: expected {"buckets": {...}}\n')
  })

  it('stdin past the JSON limit goes through the streaming reader: the same report and signals as the file; closed early, nothing is imported', async () => {
    const limits: ImportLimits = { jsonLimitBytes: 2048, maxBytes: 1024 * 1024 }
    const signals = Array.from({ length: 300 }, (_, i) => ({
      timestamp: new Date(Date.parse('2024-01-24T09:00:00Z') + i * 7000).toISOString().replace('.000Z', 'Z'),
      app: ['vscode', 'café 🙂', 'Мой офис'][Math.floor(i / 40) % 3],
      type: i % 3 ? 'keyboard' : 'mouse_click',
      source_type: i % 3 ? 'keyboard' : 'mouse',
    }))
    const bytes = Buffer.from(JSON.stringify({ activity_signals: signals }), 'utf8')
    const file = join(dir, 'day.json')
    writeFileSync(file, bytes)
    const fromFile = await run(['--db', db, '--input', file, '--now', '2024-02-01T00:00:00Z'], { limits })
    const stored = storedSignals()
    expect(fromFile.report).toMatchObject({ imported: 300, skipped_total: 0 })
    rmSync(db)
    // chunks cut inside the multibyte app names too
    const chunks = Array.from({ length: Math.ceil(bytes.length / 333) }, (_, i) =>
      bytes.subarray(i * 333, (i + 1) * 333),
    )
    const fromPipe = await run(['--db', db, '--input', '-', '--now', '2024-02-01T00:00:00Z'], { limits, stdin: chunks })
    expect(fromPipe.stdout).toBe(fromFile.stdout)
    expect(storedSignals()).toEqual(stored)
    rmSync(db)

    const early = await run(['--db', db, '--input', '-', '--now', '2024-02-01T00:00:00Z'], {
      limits,
      stdin: chunks.slice(0, -2),
    })
    expect(early.code).toBe(1)
    expect(early.stdout).toBe('')
    expect(early.stderr).toMatch(
      /^error: stdin is over the 0 MB read as general JSON, .*: the input ends early, after \d+ bytes\n$/u,
    )
    expect(storedSignals()).toEqual([])
  })

  it('--format activitywatch imports an ActivityWatch export', async () => {
    const result = await run([
      '--db',
      db,
      '--input',
      join(__dirname, '../../../../test/fixtures/activitywatch-day.json'),
      '--format',
      'activitywatch',
    ])
    expect(result.code).toBe(0)
    expect(result.report).toMatchObject({
      format: 'activitywatch',
      skipped_total: 0,
      activitywatch: { buckets_read: 2 },
    })
    expect(new Set(storedSignals().map((s) => s.app))).toEqual(
      new Set(['vscode', 'firefox', 'slack', 'zoom', 'thunderbird', 'system']),
    )
    expect((await run(['--db', db, '--input', '-', '--format', 'csv'])).code).toBe(2)
  })
})

describe('an ActivityWatch call with afk stretches (#23)', () => {
  it('imports and processes to one meeting entry: afk in a meeting app is read exactly as live capture reads quiet', async () => {
    const fixture = join(__dirname, '../../../../test/fixtures/activitywatch-call.json')
    expect((await run(['--db', db, '--input', fixture, '--format', 'activitywatch'])).code).toBe(0)
    const processed = recordingIo([])
    expect(await runCli(['process', '--db', db, '--quiet'], processed.io)).toBe(0)
    const listed = recordingIo([])
    expect(await runCli(['entries', '--db', db, '--json'], listed.io)).toBe(0)
    const entries = (
      JSON.parse(listed.out()) as Array<{ started_at: string; ended_at: string; activity_type: string }>
    ).map((e) => [e.started_at.slice(11, 16), e.ended_at.slice(11, 16), e.activity_type])
    // The call (Zoom in front 14:00–16:00, afk for 12, 18 and 10 minutes of it) is one meeting.
    expect(entries).toEqual([
      ['13:30', '13:58', 'communication'],
      ['13:58', '14:00', 'research'],
      ['14:00', '16:00', 'meeting'],
      ['16:00', '16:30', 'writing'],
    ])
  }, 60_000)
})
