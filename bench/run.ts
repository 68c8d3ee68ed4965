// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts (or those whose file or benchmark
// name contains the filter), keeps the latest figure of each benchmark in bench/results.json and
// rewrites BENCHMARKS.md from it, with the date and the machine each figure was measured on.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem, type as osType, release } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import type { Benchmark } from './types'
import { errorMessage } from '../src/shared/errorMessage'

const Stored = z.record(
  z.string(),
  z.object({
    issue: z.string(),
    target: z.string(),
    value: z.number(),
    unit: z.string(),
    met: z.boolean(),
    detail: z.string(),
    date: z.string(),
    machine: z.string(),
  }),
)
type Stored = z.infer<typeof Stored>

const benchDir = __dirname
const resultsFile = join(benchDir, 'results.json')
const reportFile = join(benchDir, '..', 'BENCHMARKS.md')
/** Appended below the table when present: CI's own time is measured by CI (`npm test` prints its
 * breakdown), not by a bench, and copied into ci-time.md with the date and machine; notes.md holds
 * what a row cannot say (profiles, what else ran). */
const appendedFiles = ['ci-time.md', 'notes.md'].map((name) => join(benchDir, name))

export function machineDescription(): string {
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'
  return `${cpus().length}× ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${osType()} ${release()}, Node ${process.versions.node}`
}

function loadStored(): Stored {
  if (!existsSync(resultsFile)) return {}
  const parsed = Stored.safeParse(JSON.parse(readFileSync(resultsFile, 'utf8')))
  if (!parsed.success) {
    console.warn(`bench/results.json is not readable (${parsed.error.issues[0]?.message}); starting afresh`)
    return {}
  }
  return parsed.data
}

export function renderReport(stored: Stored): string {
  const rows = Object.entries(stored).sort(([a, x], [b, y]) => x.issue.localeCompare(y.issue) || a.localeCompare(b))
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (never edit by hand). Each row is the latest run of that benchmark, with',
    'the date and machine it ran on. Timings are figures to watch, never test assertions: machines here',
    'are shared and noisy.',
    '',
    '| issue | benchmark | target | result | met | measured | machine | how |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      ([name, r]) =>
        `| ${r.issue} | ${name} | ${r.target} | ${formatValue(r.value)} ${r.unit} | ${r.met ? 'yes' : '**no**'} | ${r.date} | ${r.machine} | ${r.detail.replace(/\|/g, '/')} |`,
    ),
    '',
  ]
  for (const file of appendedFiles) if (existsSync(file)) lines.push(readFileSync(file, 'utf8').trimEnd(), '')
  return lines.join('\n')
}

const formatValue = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3))

async function main() {
  const filter = process.argv[2]
  const files = readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
  const stored = loadStored()
  const machine = machineDescription()
  let failures = 0
  for (const file of files) {
    const module = (await import(join(benchDir, file))) as { benchmarks?: Benchmark[] }
    for (const benchmark of module.benchmarks ?? []) {
      if (filter && !file.includes(filter) && !benchmark.name.includes(filter)) continue
      process.stderr.write(`▶ ${benchmark.name} … `)
      try {
        const result = await benchmark.run()
        stored[benchmark.name] = {
          issue: benchmark.issue,
          target: benchmark.target,
          ...result,
          date: new Date().toISOString().slice(0, 10),
          machine,
        }
        process.stderr.write(
          `${formatValue(result.value)} ${result.unit} (target ${benchmark.target}${result.met ? '' : ', NOT met'})\n`,
        )
      } catch (error) {
        failures += 1
        process.stderr.write(`failed: ${errorMessage(error)}\n`)
      }
    }
  }
  writeFileSync(resultsFile, `${JSON.stringify(stored, null, 2)}\n`)
  writeFileSync(reportFile, renderReport(stored))
  process.stderr.write(`BENCHMARKS.md updated (${Object.keys(stored).length} benchmarks)\n`)
  process.exitCode = failures ? 1 : 0
}

if (process.argv[1] && /bench[/\\]run\.ts$/.test(process.argv[1])) void main()
