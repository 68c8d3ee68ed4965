// A pipe is as fast as a file (#28): `billops suggest` on the 1,000,000-signal request (94 MB)
// from a pipe (`cat F | billops suggest --input -`) against the same file given by name, the
// naive reference engine (bench/naiveEngine.mjs: JSON.parse + loops) and bare JSON.parse of the
// file; and `import --input -` from a pipe + `process` into a new database. Every figure is a ratio
// of runs interleaved in the same rounds: absolute times on this shared machine move by 2× within
// an hour, the ratios much less. Run it alone (`npm run bench -- pipe`), with nothing else busy.
import { createHash } from 'node:crypto'
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { cliBundle, jsonParseMs, median, NOW, request, root, SIGNALS, timed, type Run } from './cli.bench'
import type { Benchmark } from './types'

const naiveEngine = join(root, 'bench/naiveEngine.mjs')
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`
/** Through bash either way, so both sides pay the same shell start-up; GNU time reports the
 * largest resident set among bash's children, i.e. node's. */
const viaShell = (line: string) => timed(['bash', '-c', line])
const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16)
const ROUNDS = 7

interface SuggestRounds {
  file: Run[]
  pipe: Run[]
  naive: Run[]
  parse: number[]
  load: string
  hash: string
}

let suggestRounds: Promise<SuggestRounds> | null = null
/** One measurement shared by the four suggest rows: rounds of file, pipe, naive, JSON.parse. */
function measureSuggest(): Promise<SuggestRounds> {
  suggestRounds ??= (async () => {
    const { file } = await request()
    const cli = `node ${quote(cliBundle)} suggest --now ${NOW}`
    const rounds: SuggestRounds = { file: [], pipe: [], naive: [], parse: [], load: '', hash: '' }
    const loadBefore = loadavg()[0] ?? 0
    for (let i = 0; i < ROUNDS; i++) {
      rounds.file.push(viaShell(`${cli} --input ${quote(file)}`))
      rounds.pipe.push(viaShell(`cat ${quote(file)} | ${cli} --input -`))
      rounds.naive.push(viaShell(`node ${quote(naiveEngine)} ${quote(file)}`))
      rounds.parse.push(jsonParseMs(file, 1))
    }
    const hashes = new Set([...rounds.file, ...rounds.pipe].map((run) => sha(run.stdout)))
    if (hashes.size !== 1) throw new Error(`the pipe and the file gave different output (${[...hashes].join(', ')})`)
    rounds.hash = [...hashes][0] as string
    rounds.load = `load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on 2 cores`
    return rounds
  })()
  return suggestRounds
}

const ms = (runs: Run[]) => median(runMs(runs))
/** The median of the per-round ratios: a busy moment slows both sides of one round alike. */
const roundRatio = (top: number[], bottom: number[]) => median(top.map((value, i) => value / (bottom[i] as number)))
const times = (rounds: SuggestRounds) =>
  `medians of ${ROUNDS} interleaved rounds: file ${Math.round(ms(rounds.file))} ms, pipe ${Math.round(ms(rounds.pipe))} ms, naive engine ${Math.round(ms(rounds.naive))} ms, \`node -e JSON.parse(…)\` ${Math.round(median(rounds.parse))} ms; output sha256 ${rounds.hash}… from pipe and file alike; ${rounds.load}`

const runMs = (runs: Run[]) => runs.map((run) => run.ms)

/** A row from the shared suggest rounds: `figure` picks its value (and met) from them. */
function suggestRow(
  name: string,
  target: string,
  figure: (rounds: SuggestRounds) => { value: number; unit: string; met: boolean; how: string },
): Benchmark {
  return {
    name,
    target,
    issue: '#28',
    async run() {
      const { value, unit, met, how } = figure(await measureSuggest())
      return { value, unit, met, detail: how }
    },
  }
}

const pipeVsFile = suggestRow(
  'billops suggest on 1,000,000 signals from a pipe, vs from the file',
  '≤ 1.1×',
  (rounds) => {
    const value = roundRatio(runMs(rounds.pipe), runMs(rounds.file))
    return {
      value,
      unit: '×',
      met: value <= 1.1,
      how: `\`cat F / billops suggest --input -\` over \`billops suggest --input F\` (built CLI, 94 MB): ${times(rounds)}`,
    }
  },
)

const pipeRss = suggestRow('billops suggest on 1,000,000 signals from a pipe: peak RSS', '< 150 MB', (rounds) => {
  const value = Math.max(...rounds.pipe.map((run) => run.rssMb))
  const peak = (runs: Run[]) => Math.round(Math.max(...runs.map((run) => run.rssMb)))
  return {
    value: Math.round(value),
    unit: 'MB',
    met: value < 150,
    how: `largest of ${ROUNDS} runs (GNU time, %M); from the file: ${peak(rounds.file)} MB; the naive engine: ${peak(rounds.naive)} MB`,
  }
})

const pipeVsNaive = suggestRow(
  'billops suggest on 1,000,000 signals from a pipe: times faster than the naive reference engine',
  '≥ 3×',
  (rounds) => {
    const value = roundRatio(runMs(rounds.naive), runMs(rounds.pipe))
    return {
      value,
      unit: '×',
      met: value >= 3,
      how: `naive engine (bench/naiveEngine.mjs on the file: JSON.parse + loops) over the pipe; ${times(rounds)}`,
    }
  },
)

const fileVsParse = suggestRow(
  'billops suggest on 1,000,000 signals from the file, vs bare JSON.parse of the file',
  '< 0.5×',
  (rounds) => {
    const value = roundRatio(runMs(rounds.file), rounds.parse)
    return { value, unit: '×', met: value < 0.5, how: `whole process, start to last byte; ${times(rounds)}` }
  },
)

const importPipe: Benchmark = {
  name: 'billops import --input - (pipe) + process of 1,000,000 signals into a new database, vs bare JSON.parse',
  target: '< 2.5×',
  issue: '#28',
  async run() {
    const { dir, file } = await request()
    const ratios: number[] = []
    const parts: string[] = []
    const loadBefore = loadavg()[0] ?? 0
    for (let i = 0; i < 3; i++) {
      const db = join(dir, `pipe-${i}.sqlite`)
      const imported = viaShell(
        `cat ${quote(file)} | node ${quote(cliBundle)} import --db ${quote(db)} --input - --now ${NOW} --quiet`,
      )
      const processed = timed(['node', cliBundle, 'process', '--db', db, '--quiet'])
      if ((JSON.parse(imported.stdout) as { imported: number }).imported !== SIGNALS)
        throw new Error('import wrote fewer signals than the request holds')
      const parse = jsonParseMs(file, 1)
      ratios.push((imported.ms + processed.ms) / parse)
      parts.push(
        `import ${Math.round(imported.ms)} + process ${Math.round(processed.ms)} ms / JSON.parse ${Math.round(parse)} ms (${Math.round(imported.rssMb)} MB import peak)`,
      )
      for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true })
    }
    const value = median(ratios)
    return {
      value,
      unit: '×',
      met: value < 2.5,
      detail: `median of 3 rounds, each a fresh database: ${parts.join('; ')}; load average ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on 2 cores`,
    }
  },
}

export const benchmarks: Benchmark[] = [pipeVsFile, pipeRss, pipeVsNaive, fileVsParse, importPipe]
