// Runs the BUILT CLI (out/cli/billops.js, what `npm run cli` and the `billops` bin run, no tsx)
// and checks it answers exactly as runCli does in-process with the same arguments, that its
// heuristics worker is the built file next to it, and that `version`/`--help` stay cold (no
// better-sqlite3, no zod). Like test/boot/builtApp.test.ts it builds the bundle itself when it is
// missing or older than the sources (scripts/build-cli.mjs: same staleness check, CLI part only).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCli, cliBundle, cliIsFresh, cliWorker } from '../../scripts/build-cli.mjs'
import { closeDatabase, openDatabase } from '../../src/main/store/database'
import { runCliInProcess } from '../support/cliRun'

const dir = mkdtempSync(join(tmpdir(), 'billops-built-cli-'))

// Preloaded into the built CLI: reports on exit which CommonJS modules it required, which native
// addons it opened (process.dlopen: seen whether an ES module or require loaded the package),
// whether zod ran (zod's first module sets globalThis.__zod_globalConfig) and which workers it
// started.
const probe = join(dir, 'probe.cjs')
writeFileSync(
  probe,
  `const Module = require('node:module')
const threads = require('node:worker_threads')
const required = new Set()
const load = Module._load
Module._load = function (request, ...rest) { required.add(request); return load.call(this, request, ...rest) }
const addons = []
const dlopen = process.dlopen
process.dlopen = function (module, filename, ...rest) { addons.push(require('node:path').basename(String(filename))); return dlopen.call(this, module, filename, ...rest) }
const workers = []
const Worker = threads.Worker
threads.Worker = class extends Worker { constructor(file, options) { workers.push({ file: String(file), execArgv: (options && options.execArgv) || [] }); super(file, options) } }
process.on('exit', () => process.stderr.write('PROBE ' + JSON.stringify({ required: [...required], addons, zod: globalThis.__zod_globalConfig !== undefined, workers }) + '\\n'))
`,
)

interface Probe {
  required: string[]
  /** file names of the native addons opened */
  addons: string[]
  zod: boolean
  workers: Array<{ file: string; execArgv: string[] }>
}

function runBuilt(args: string[]): { code: number | null; stdout: string; stderr: string; probe: Probe } {
  const result = spawnSync(process.execPath, ['--require', probe, cliBundle, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  })
  const line = result.stderr.split('\n').find((l) => l.startsWith('PROBE '))
  expect(line, result.stderr).toBeDefined()
  const stderr = result.stderr
    .split('\n')
    .filter((l) => !l.startsWith('PROBE '))
    .join('\n')
  return {
    code: result.status,
    stdout: result.stdout,
    stderr,
    probe: JSON.parse(line!.slice('PROBE '.length)) as Probe,
  }
}

const runInProcess = (args: string[]) => runCliInProcess(args)

/** Local ids (random UUIDs) and row timestamps differ between two databases: number the ids in
 * order of appearance and blank the timestamps; everything else must match byte for byte. */
function comparable(stdout: string): string {
  const ids = new Map<string, string>()
  return stdout
    .replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      (id) => ids.get(id) ?? ids.set(id, `<id ${ids.size + 1}>`).get(id)!,
    )
    .replace(/"(created_at|updated_at)":"[^"]*"/g, '"$1":"<time>"')
}

/** Runs the same command both ways; `{db}` stands for each side's own database file. */
async function both(args: string[], dbs: { built: string; inProcess: string }) {
  const built = runBuilt(args.map((a) => (a === '{db}' ? dbs.built : a)))
  const inProcess = await runInProcess(args.map((a) => (a === '{db}' ? dbs.inProcess : a)))
  return { built, inProcess }
}

beforeAll(async () => {
  if (!cliIsFresh()) await buildCli()
}, 60_000)

describe('the built CLI (out/cli/billops.js)', () => {
  it('suggest, import, process and entries print what runCli prints in-process, with the built worker', async () => {
    const t0 = Date.parse('2024-01-24T09:00:00Z')
    const iso = (seconds: number) => new Date(t0 + seconds * 1000).toISOString().replace('.000Z', 'Z')
    const activity_signals = [
      { timestamp: iso(0), app: 'word', type: 'app_focus', source_type: 'app_focus', title: 'Brief.docx' },
    ]
    for (let t = 0; t <= 1800; t += 30)
      activity_signals.push({ timestamp: iso(t), app: 'word', type: 'keyboard', source_type: 'keyboard', title: '' })
    for (let t = 3600; t <= 5400; t += 30)
      activity_signals.push({ timestamp: iso(t), app: 'outlook', type: 'mouse_click', source_type: 'mouse', title: '' })
    const request = join(dir, 'request.json')
    writeFileSync(request, JSON.stringify({ activity_signals, idle_threshold_minutes: 20, max_merge_idle_minutes: 20 }))
    const dbs = { built: join(dir, 'built.db'), inProcess: join(dir, 'in-process.db') }

    const steps = [
      ['suggest', '--input', request, '--now', '2024-01-25T00:00:00Z'],
      ['import', '--db', '{db}', '--input', request],
      ['process', '--db', '{db}'],
      ['entries', '--db', '{db}', '--json'],
      ['entries', '--db', '{db}', '--status', 'pending', '--json'],
    ]
    const outputs: Record<string, string> = {}
    for (const args of steps) {
      const { built, inProcess } = await both(args, dbs)
      // the only difference allowed: the database path the import says it created
      expect([args.join(' '), built.code, built.stderr.replace(dbs.built, '{db}')]).toEqual([
        args.join(' '),
        inProcess.code,
        inProcess.stderr.replace(dbs.inProcess, '{db}'),
      ])
      expect(comparable(built.stdout)).toBe(comparable(inProcess.stdout))
      expect(built.code).toBe(0)
      outputs[args[0]] = built.stdout
      if (args[0] === 'process') {
        expect(built.probe.workers.length).toBeGreaterThan(0)
        for (const worker of built.probe.workers) expect(worker).toEqual({ file: cliWorker, execArgv: [] })
        expect(built.probe.required.some((request) => request.includes('tsx'))).toBe(false)
      }
    }
    // Not vacuous: the suggestion and the processed store hold the two blocks of work.
    expect(JSON.parse(outputs.suggest)).toMatchObject({ status: 'success', suggested_count: 2 })
    expect(JSON.parse(outputs.process)).toMatchObject({ pending_entries: 2 })
    expect(JSON.parse(outputs.entries)).toHaveLength(2)
  }, 60_000)

  it.each([['version'], ['--help']])('`%s` starts cold: no native module, no zod', (arg) => {
    const { code, stdout, probe: report } = runBuilt([arg])
    expect(code).toBe(0)
    expect(stdout).not.toBe('')
    expect(report.addons).toEqual([])
    expect(report.zod).toBe(false)
    expect(report.workers).toEqual([])
  })

  it('does load better-sqlite3 and zod for a database command (the probe sees them)', () => {
    const db = join(dir, 'probe.db')
    closeDatabase(openDatabase(db))
    const { code, probe: report } = runBuilt(['entries', '--db', db, '--json'])
    expect(code).toBe(0)
    expect(report.addons).toContain('better_sqlite3.node')
    expect(report.zod).toBe(true)
  })

  it('shows progress for an import of 1,000,000 signals when stderr is a terminal (script(1) gives it a pty), stdout untouched', () => {
    const signals: string[] = []
    const t0 = Date.parse('2024-01-24T08:00:00Z')
    for (let i = 0; i < 1_000_000; i++) {
      signals.push(
        `{"timestamp":"${new Date(t0 + i * 1000).toISOString().replace('.000Z', 'Z')}","app":"${i % 7200 < 3600 ? 'word' : 'outlook'}","type":"keyboard","source_type":"keyboard"}`,
      )
    }
    const request = join(dir, 'million.json')
    writeFileSync(request, `{"activity_signals":[${signals.join(',')}]}`)
    const quote = (arg: string) => `'${arg.replace(/'/g, "'\\''")}'`
    const command = (db: string, out: string) =>
      [process.execPath, cliBundle, 'import', '--db', db, '--input', request, '--now', '2030-01-01T00:00:00Z']
        .map(quote)
        .join(' ') + ` > ${quote(out)}`
    // script -q -e -c: the command runs on a pseudo-terminal; what it writes there (stderr here)
    // comes out on script's stdout.
    const terminal = spawnSync('script', ['-qec', command(join(dir, 'pty.db'), join(dir, 'pty.out')), '/dev/null'], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(terminal.status).toBe(0)
    // (the write of a million rows takes far longer than the 100 ms between redraws on any machine)
    expect(terminal.stdout).toMatch(/\r\x1b\[2Kimport: writing {2}\[#*-*\] {2}[\d,]+\/1,000,000 signals/)
    expect(JSON.parse(readFileSync(join(dir, 'pty.out'), 'utf8'))).toMatchObject({
      imported: 1_000_000,
      skipped_total: 0,
    })
    // The same import with stderr a pipe: no redrawing, and the same stdout.
    const piped = spawnSync('sh', ['-c', command(join(dir, 'piped.db'), join(dir, 'piped.out'))], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(piped.status).toBe(0)
    expect(piped.stderr).not.toContain('\r')
    expect(readFileSync(join(dir, 'piped.out'), 'utf8')).toBe(readFileSync(join(dir, 'pty.out'), 'utf8'))
  }, 180_000)
})
