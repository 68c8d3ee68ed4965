// The built CLI (#14): `billops suggest` on 1,000,000 signals end to end (directly and through
// `npm run --silent cli`), `import` + `process` of the same request into a new database, `version`
// cold, and the engine alone. Each figure is also given as a ratio to
// `node -e "JSON.parse(require('fs').readFileSync(F,'utf8'))"` on the same file, measured in the
// same run: machines here are shared and noisy, and the ratio is what stays comparable.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { defaultSettings } from '../src/shared/domain'
import { suggestFromTable } from '../src/shared/heuristics/suggest'
import { engineConfig } from '../src/shared/heuristics/types'
import { readIngestRequestFile } from '../src/main/import/ingestRequest'
import { writeRequest } from './heuristics.bench'
import type { Benchmark } from './types'

export const root = join(__dirname, '..')
export const cliBundle = join(root, 'out/cli/billops.js')
export const SIGNALS = 1_000_000
export const NOW = '2026-12-01T00:00:00Z'

export interface Run {
  ms: number
  rssMb: number
  stdout: string
}

/** Wall time of a child process from spawn to exit, and its peak RSS (GNU time). */
export function timed(command: string[]): Run {
  const time = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M'] : []
  const argv = [...time, ...command]
  const start = performance.now()
  const child = spawnSync(argv[0] as string, argv.slice(1), { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 })
  const ms = performance.now() - start
  if (child.status !== 0) throw new Error(`${command.join(' ')} failed (${child.status}): ${child.stderr.slice(-300)}`)
  const rssKb = time.length > 0 ? Number(child.stderr.trim().split('\n').at(-1)) : Number.NaN
  return { ms, rssMb: rssKb / 1024, stdout: child.stdout }
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number

/** The shared request file and the JSON.parse baseline (re-measured by each benchmark). */
let fixture: Promise<{ dir: string; file: string; bytes: number }> | null = null
export function request() {
  fixture ??= (async () => {
    // built from the current sources (scripts/build-cli.mjs is an ES module with top-level await:
    // run it, not imported into this CommonJS bench)
    const build = spawnSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { cwd: root, encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`building the CLI failed: ${build.stderr}`)
    const dir = mkdtempSync(join(tmpdir(), 'billops-bench-cli-'))
    const file = join(dir, 'request.json')
    const bytes = writeRequest(file, SIGNALS)
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
    return { dir, file, bytes }
  })()
  return fixture
}

export function jsonParseMs(file: string, runs: number): number {
  return median(
    Array.from(
      { length: runs },
      () => timed(['node', '-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(file)},'utf8'))`]).ms,
    ),
  )
}

const ratio = (ms: number, baseline: number) => (ms / baseline).toFixed(2)

/**
 * The issue's targets are in ms on a machine where that JSON.parse took 850 ms; a target is met
 * when the figure's ratio to JSON.parse, measured here in the same run, is below the target's
 * ratio to those 850 ms. (Page faults alone moved JSON.parse of this file between 0.85 and 2.8 s
 * on this shared machine within one day: absolute figures do not compare across runs.)
 */
const ISSUE_JSON_PARSE_MS = 850
const withinTarget = (ms: number, baseline: number, targetMs: number) => ms / baseline < targetMs / ISSUE_JSON_PARSE_MS
const targetText = (targetMs: number, extra = '') =>
  `< ${targetMs} ms${extra}, i.e. < ${(targetMs / ISSUE_JSON_PARSE_MS).toFixed(3)}× JSON.parse (850 ms where the issue measured)`

const suggestBuilt: Benchmark = {
  name: 'billops suggest on 1,000,000 signals, built CLI, process start to last byte',
  target: targetText(500, ' and < 250 MB peak RSS'),
  issue: '#14',
  async run() {
    const { file, bytes } = await request()
    const runs: Run[] = []
    const baselines: number[] = []
    for (let i = 0; i < 5; i++) {
      runs.push(timed(['node', cliBundle, 'suggest', '--input', file, '--now', NOW]))
      baselines.push(jsonParseMs(file, 1))
    }
    const value = Math.round(median(runs.map((r) => r.ms)))
    const peak = Math.max(...runs.map((r) => r.rssMb))
    const baseline = median(baselines)
    const entries = (JSON.parse(runs[0]?.stdout ?? '{}') as { suggested_count?: number }).suggested_count
    return {
      value,
      unit: 'ms',
      met: withinTarget(value, baseline, 500) && peak < 250,
      detail: `median of 5 runs of \`node out/cli/billops.js suggest --input F\` (${(bytes / 1e6).toFixed(0)} MB, ${entries} entries); peak RSS ${Math.round(peak)} MB; **${ratio(value, baseline)}× \`node -e JSON.parse(…)\`** of the same file (${Math.round(baseline)} ms, median of 5 interleaved)`,
    }
  },
}

const suggestNpm: Benchmark = {
  name: 'billops suggest on 1,000,000 signals through `npm run --silent cli`',
  target: targetText(600),
  issue: '#14',
  async run() {
    const { file } = await request()
    const runs: number[] = []
    const baselines: number[] = []
    for (let i = 0; i < 5; i++) {
      runs.push(timed(['npm', 'run', '--silent', 'cli', '--', 'suggest', '--input', file, '--now', NOW]).ms)
      baselines.push(jsonParseMs(file, 1))
    }
    const value = Math.round(median(runs))
    const baseline = median(baselines)
    return {
      value,
      unit: 'ms',
      met: withinTarget(value, baseline, 600),
      detail: `median of 5 runs (npm itself and the freshness check of scripts/run-cli.mjs included); **${ratio(value, baseline)}× \`node -e JSON.parse(…)\`** (${Math.round(baseline)} ms)`,
    }
  },
}

const importProcess: Benchmark = {
  name: 'billops import + process of 1,000,000 signals into a new database',
  target: targetText(4000, ' together'),
  issue: '#14',
  async run() {
    const { dir, file } = await request()
    const totals: number[] = []
    const parts: Array<{ importMs: number; processMs: number }> = []
    const baselines: number[] = []
    for (let i = 0; i < 3; i++) {
      const db = join(dir, `bench-${i}.sqlite`)
      const imported = timed(['node', cliBundle, 'import', '--db', db, '--input', file, '--now', NOW, '--quiet'])
      const processed = timed(['node', cliBundle, 'process', '--db', db, '--quiet'])
      if ((JSON.parse(imported.stdout) as { imported: number }).imported !== SIGNALS)
        throw new Error('import wrote fewer signals than the request holds')
      parts.push({ importMs: imported.ms, processMs: processed.ms })
      totals.push(imported.ms + processed.ms)
      baselines.push(jsonParseMs(file, 1))
      rmSync(db, { force: true })
      for (const suffix of ['-wal', '-shm']) rmSync(db + suffix, { force: true })
    }
    const value = median(totals)
    const middle = parts[totals.indexOf(value)] ?? parts[0]
    const baseline = median(baselines)
    return {
      value: Math.round(value),
      unit: 'ms',
      met: withinTarget(value, baseline, 4000),
      detail: `median of 3 fresh databases: import ${Math.round(middle?.importMs ?? 0)} ms + process ${Math.round(middle?.processMs ?? 0)} ms (built CLI, \`--quiet\`; process hands the worker typed columns); **${ratio(value, baseline)}× \`node -e JSON.parse(…)\`** (${Math.round(baseline)} ms)`,
    }
  },
}

const versionCold: Benchmark = {
  name: 'billops version, cold',
  target: targetText(80),
  issue: '#14',
  async run() {
    const { file } = await request()
    const runs = Array.from({ length: 15 }, () => timed(['node', cliBundle, 'version']).ms)
    const bare = Array.from({ length: 15 }, () => timed(['node', '-e', '0']).ms)
    const baseline = jsonParseMs(file, 5)
    const value = Math.round(median(runs))
    return {
      value,
      unit: 'ms',
      met: withinTarget(value, baseline, 80),
      detail: `median of 15 runs of \`node out/cli/billops.js version\` (a 6 KB ES module entry: no database, no zod); \`node -e 0\` alone takes ${Math.round(median(bare))} ms here (${ratio(value, median(bare))}×); **${(value / baseline).toFixed(3)}× \`node -e JSON.parse(…)\`** of the 1M request (${Math.round(baseline)} ms)`,
    }
  },
}

const engineOnly: Benchmark = {
  name: 'engine only on 1,000,000 signals (the table the CLI reader produces)',
  target: targetText(100),
  issue: '#14',
  async run() {
    const { file } = await request()
    const table = readIngestRequestFile(file).table
    const config = engineConfig(defaultSettings(), {}, { nowMs: Date.parse(NOW) })
    const times: number[] = []
    for (let i = 0; i < 7; i++) {
      const start = performance.now()
      suggestFromTable(table, config)
      times.push(performance.now() - start)
    }
    const value = Math.round(median(times))
    const baseline = jsonParseMs(file, 5)
    return {
      value,
      unit: 'ms',
      met: withinTarget(value, baseline, 100),
      detail: `median of 7 in-process runs (min ${Math.round(Math.min(...times))} ms): validation, ordering, idle, classification, segmentation, merging, confidence; **${ratio(value, baseline)}× \`node -e JSON.parse(…)\`** (${Math.round(baseline)} ms)`,
    }
  },
}

export const benchmarks: Benchmark[] = [suggestBuilt, suggestNpm, importProcess, versionCold, engineOnly]
